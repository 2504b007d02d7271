//! The Huron PMO example (examples/huron-pmo): the current monthly cost, resource by resource,
//! in prod and dev, against the spec's $55-65.

use std::path::PathBuf;

use tfready_cost::{
    estimate, render_markdown, render_table, write_usage, Estimate, PriceList, Status, Usage,
};
use tfready_model::{LoadOptions, Project};

fn example() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/huron-pmo")
}

fn load(environment: &str) -> Project {
    let options = LoadOptions {
        vars: vec![format!("environment={environment}")],
        ..Default::default()
    };
    Project::load(&example(), &options).unwrap()
}

fn priced(environment: &str) -> Estimate {
    estimate(
        &load(environment),
        PriceList::embedded(),
        &Usage::defaults(),
    )
}

#[track_caller]
fn close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() < 1e-6,
        "expected {expected}, got {actual}"
    );
}

#[track_caller]
fn line(e: &Estimate, address: &str, expected: f64) {
    let item = e
        .item(address)
        .unwrap_or_else(|| panic!("no line {address}"));
    assert_eq!(item.status, Status::Priced, "{item:#?}");
    close(item.monthly_usd.unwrap(), expected);
}

#[test]
fn prod_resource_by_resource() {
    let e = priced("prod");
    assert_eq!(e.region, "us-east-1");
    assert_eq!(e.environment.as_deref(), Some("prod"));
    assert!(e.complete, "{:#?}", e.missing);
    // t3.medium 730 x 0.0416 + root gp3 30 GB x 0.08
    line(&e, "module.ec2.aws_instance.app", 30.368 + 2.40);
    // Elastic IP: 730 x 0.005
    line(&e, "module.ec2.aws_eip.app", 3.65);
    // multi_az = (environment == "prod"): db.t3.micro Multi-AZ 730 x 0.036 + gp3 20 GB x 0.23
    line(&e, "module.rds.aws_db_instance.coherent_db", 26.28 + 4.60);
    // zone 0.50 + 1M queries x 0.40/M
    line(&e, "module.route53[0].aws_route53_zone.main", 0.90);
    // 10 GB x 0.023 + 10k PUT x 0.005/1k + 100k GET x 0.0004/1k
    line(&e, "module.s3.aws_s3_bucket.artifacts", 0.32);
    // 50 GB out, within the free 100 GB
    line(&e, "stack", 0.0);
    close(e.total_usd, 68.518);

    // Everything else is free and listed as such.
    let free: Vec<&str> = e
        .items
        .iter()
        .filter(|i| i.status == Status::Free)
        .map(|i| i.resource_type.as_str())
        .collect();
    assert_eq!(free.len(), 20, "{free:?}");
    for ty in [
        "aws_vpc",
        "aws_subnet",
        "aws_security_group",
        "aws_iam_role",
        "aws_route53_record",
        "aws_internet_gateway",
        "aws_route_table",
    ] {
        assert!(free.contains(&ty), "{ty} not listed as free");
    }

    // The difference with the spec's $55-65, line by line.
    let notes = e.notes.join("\n");
    assert!(notes.contains("Spec §5 puts the current stack at $55-65/month; tfready computes $68.52 for environment prod: $3.52 above the spec's range."), "{notes}");
    assert!(
        notes.contains("module.ec2.aws_eip.app: public IPv4 address: 730 h × $0.005/h = $3.65"),
        "{notes}"
    );
    assert!(notes.contains("billed since 2024-02-01"), "{notes}");
    assert!(notes.contains("$13.14 is the standby"), "{notes}");
    assert!(
        notes.contains("root volume (gp3): 30 GB × $0.08/GB-month = $2.40"),
        "{notes}"
    );
    assert!(notes.contains("Reconciliation: without the public IPv4 charge ($3.65) tfready's figure is $64.87, within the spec's range."), "{notes}");
}

#[test]
fn dev_is_single_az() {
    let e = priced("dev");
    assert_eq!(e.environment.as_deref(), Some("dev"));
    // db.t3.micro Single-AZ 730 x 0.018 + gp3 20 GB x 0.115
    line(&e, "module.rds.aws_db_instance.coherent_db", 13.14 + 2.30);
    close(e.total_usd, 68.518 - 15.44);
    let notes = e.notes.join("\n");
    assert!(notes.contains("$1.92 below the spec's range"), "{notes}");
    assert!(notes.contains("Single-AZ database"), "{notes}");
}

#[test]
fn the_usage_file_lists_every_usage_based_resource_and_reads_back() {
    let project = load("prod");
    let text = write_usage(&project);
    for address in [
        "module.rds.aws_db_instance.coherent_db",
        "module.ec2.aws_instance.app",
        "module.route53[0].aws_route53_zone.main",
        "module.s3.aws_s3_bucket.artifacts",
        "stack",
    ] {
        assert!(
            text.contains(&format!("[resource_usage.\"{address}\"]")),
            "{address}\n{text}"
        );
    }
    let usage = Usage::from_toml_str(&text, "generated").unwrap();
    let e = estimate(&project, PriceList::embedded(), &usage);
    close(e.total_usd, 68.518);

    // Editing it changes the figure: 110 GB in the bucket = 100 GB more x 0.023.
    let edited = text.replace("storage_gb = 10\n", "storage_gb = 110\n");
    let usage = Usage::from_toml_str(&edited, "edited").unwrap();
    let e = estimate(&project, PriceList::embedded(), &usage);
    close(e.total_usd, 68.518 + 2.30);
    let s3 = e.item("module.s3.aws_s3_bucket.artifacts").unwrap();
    assert!(
        s3.assumptions
            .iter()
            .any(|a| a == "usage storage_gb = 110 (from the usage file)"),
        "{:?}",
        s3.assumptions
    );
}

#[test]
fn renderers() {
    let e = priced("prod");
    let table = render_table(&e);
    assert!(
        table.contains("module.rds.aws_db_instance.coherent_db"),
        "{table}"
    );
    assert!(
        table.contains("db.t3.micro postgres Multi-AZ: 730 h × $0.036/h = $26.28"),
        "{table}"
    );
    assert!(table.contains("TOTAL per month"), "{table}");
    assert!(table.contains("$68.52"), "{table}");
    assert!(table.contains("Free (20):"), "{table}");
    let md = render_markdown(&e, None);
    assert!(md.contains("| `module.ec2.aws_eip.app` | $3.65 |"), "{md}");
    assert!(md.contains("| **Total** | **$68.52** |"), "{md}");
}
