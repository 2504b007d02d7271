//! `tfready cost` against a local server that answers AWS's Price List Query
//! API (`AWSPriceListService.GetProducts`, JSON 1.1) the way AWS documents it:
//! each product a JSON document in a string, filtered server-side by the
//! request's TERM_MATCH filters, paged with `NextToken`. Also throttling, a
//! denied caller, the on-disk cache and its TTL, `--offline`, and AWS's bulk
//! offer file and CSV export through `--prices`.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};

/// The stack of the issue: eu-central-1, an instance and an Auto Scaling
/// group from a launch template, MySQL Multi-AZ, an `aws_alb`, a hosted zone.
const STACK: &str = r#"
provider "aws" { region = "eu-central-1" }
resource "aws_launch_template" "web" {
  image_id      = "ami-0123456789abcdef0"
  instance_type = "t3.large"
}
resource "aws_autoscaling_group" "web" {
  min_size         = 2
  max_size         = 4
  desired_capacity = 2
  launch_template {
    id = aws_launch_template.web.id
  }
}
resource "aws_instance" "bastion" {
  launch_template {
    id = aws_launch_template.web.id
  }
}
resource "aws_alb" "web" {
  name = "web"
}
resource "aws_db_instance" "db" {
  engine            = "mysql"
  instance_class    = "db.t3.medium"
  allocated_storage = 50
  multi_az          = true
  storage_type      = "gp3"
}
resource "aws_route53_zone" "z" { name = "example.org" }
"#;

/// A product as GetProducts returns it (one string of `PriceList`).
fn product(sku: &str, service: &str, family: &str, attrs: Value, dims: &[(&str, f64)]) -> String {
    let mut attributes = attrs;
    attributes["servicecode"] = json!(service);
    let mut dimensions = serde_json::Map::new();
    let mut begin = 0.0;
    for (i, (unit, usd)) in dims.iter().enumerate() {
        // Tiers as AWS writes them: the first up to 10 TB, the rest beyond.
        let end = if i + 1 < dims.len() { "10240" } else { "Inf" };
        dimensions.insert(
            format!("{sku}.JRTCKXETXF.{i}"),
            json!({
                "unit": unit, "beginRange": format!("{begin}"), "endRange": end,
                "description": format!("{unit} rate"), "appliesTo": [],
                "rateCode": format!("{sku}.JRTCKXETXF.{i}"),
                "pricePerUnit": {"USD": format!("{usd:.10}")}
            }),
        );
        begin = 10240.0;
    }
    json!({
        "product": {"productFamily": family, "attributes": attributes, "sku": sku},
        "serviceCode": service,
        "terms": {"OnDemand": {format!("{sku}.JRTCKXETXF"): {
            "priceDimensions": dimensions, "sku": sku,
            "effectiveDate": "2026-11-01T00:00:00Z", "offerTermCode": "JRTCKXETXF", "termAttributes": {}
        }}},
        "version": "20261101000000",
        "publicationDate": "2026-11-01T00:00:00Z"
    })
    .to_string()
}

fn catalog() -> Vec<String> {
    let rc = "eu-central-1";
    vec![
        product(
            "EC2T3L",
            "AmazonEC2",
            "Compute Instance",
            json!({"regionCode": rc, "instanceType": "t3.large", "operatingSystem": "Linux", "tenancy": "Shared", "preInstalledSw": "NA", "capacitystatus": "Used", "usagetype": "EUC1-BoxUsage:t3.large"}),
            &[("Hrs", 0.096)],
        ),
        // A Windows t3.large the Linux filters must not pick.
        product(
            "EC2T3LW",
            "AmazonEC2",
            "Compute Instance",
            json!({"regionCode": rc, "instanceType": "t3.large", "operatingSystem": "Windows", "tenancy": "Shared", "preInstalledSw": "NA", "capacitystatus": "Used"}),
            &[("Hrs", 0.1288)],
        ),
        product(
            "EBSGP2",
            "AmazonEC2",
            "Storage",
            json!({"regionCode": rc, "volumeApiName": "gp2", "usagetype": "EUC1-EBS:VolumeUsage.gp2"}),
            &[("GB-Mo", 0.119)],
        ),
        product(
            "ALBH",
            "AWSELB",
            "Load Balancer-Application",
            json!({"regionCode": rc, "usagetype": "EUC1-LoadBalancerUsage"}),
            &[("Hrs", 0.027)],
        ),
        product(
            "ALBL",
            "AWSELB",
            "Load Balancer-Application",
            json!({"regionCode": rc, "usagetype": "EUC1-LCUUsage"}),
            &[("LCU-Hrs", 0.008)],
        ),
        product(
            "RDSMY",
            "AmazonRDS",
            "Database Instance",
            json!({"regionCode": rc, "instanceType": "db.t3.medium", "databaseEngine": "MySQL", "deploymentOption": "Multi-AZ", "licenseModel": "No license required"}),
            &[("Hrs", 0.16)],
        ),
        product(
            "RDSPG",
            "AmazonRDS",
            "Database Instance",
            json!({"regionCode": rc, "instanceType": "db.t3.medium", "databaseEngine": "PostgreSQL", "deploymentOption": "Multi-AZ", "licenseModel": "No license required"}),
            &[("Hrs", 0.17)],
        ),
        product(
            "RDSGP3",
            "AmazonRDS",
            "Database Storage",
            json!({"regionCode": rc, "volumeType": "General Purpose-GP3", "deploymentOption": "Multi-AZ", "databaseEngine": "Any", "usagetype": "EUC1-RDS:Multi-AZ-GP3-Storage"}),
            &[("GB-Mo", 0.274)],
        ),
        product(
            "R53HZ",
            "AmazonRoute53",
            "DNS Zone",
            json!({"usagetype": "HostedZone"}),
            &[("HostedZone", 0.5), ("HostedZone", 0.1)],
        ),
        product(
            "R53Q",
            "AmazonRoute53",
            "DNS Query",
            json!({"usagetype": "DNS-Queries"}),
            &[("Queries", 0.0000004)],
        ),
        product(
            "DTO",
            "AWSDataTransfer",
            "Data Transfer",
            json!({"fromRegionCode": rc, "transferType": "AWS Outbound"}),
            &[("GB", 0.09), ("GB", 0.085)],
        ),
    ]
}

/// What the server does with the n-th request (0-based).
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Answer,
    ThrottleFirst,
    Deny,
}

struct Server {
    url: String,
    seen: Arc<Mutex<Vec<Value>>>,
}

fn serve(mode: Mode) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let seen = Arc::new(Mutex::new(Vec::<Value>::new()));
    let log = seen.clone();
    let products = catalog();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let log = log.clone();
            let products = products.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().expect("clone"));
                let mut out = stream;
                while let Some((target, body)) = request(&mut reader) {
                    let n = {
                        let mut l = log.lock().unwrap();
                        l.push(body.clone());
                        l.len() - 1
                    };
                    let (status, reply) = answer(mode, n, &target, &body, &products);
                    let head = format!(
                        "HTTP/1.1 {status}\r\nContent-Type: application/x-amz-json-1.1\r\nx-amzn-RequestId: {n}\r\nContent-Length: {}\r\n\r\n",
                        reply.len()
                    );
                    if out
                        .write_all(head.as_bytes())
                        .and_then(|_| out.write_all(reply.as_bytes()))
                        .is_err()
                    {
                        return;
                    }
                }
            });
        }
    });
    Server { url, seen }
}

/// One HTTP/1.1 request: its X-Amz-Target and JSON body.
fn request(reader: &mut impl BufRead) -> Option<(String, Value)> {
    let mut length = 0;
    let mut target = String::new();
    let mut first = true;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() && !first {
            break;
        }
        first = false;
        if let Some((k, v)) = line.split_once(':') {
            match k.to_ascii_lowercase().as_str() {
                "content-length" => length = v.trim().parse().ok()?,
                "x-amz-target" => target = v.trim().to_string(),
                _ => {}
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some((target, serde_json::from_slice(&body).unwrap_or(Value::Null)))
}

fn answer(
    mode: Mode,
    n: usize,
    target: &str,
    body: &Value,
    products: &[String],
) -> (String, String) {
    let error = |kind: &str, msg: &str| {
        (
            "400 Bad Request".to_string(),
            json!({"__type": kind, "message": msg}).to_string(),
        )
    };
    if target != "AWSPriceListService.GetProducts" {
        return error("InvalidParameterException", "unknown operation");
    }
    match mode {
        Mode::Deny => {
            return error(
                "AccessDeniedException",
                "User is not authorized to perform: pricing:GetProducts",
            )
        }
        Mode::ThrottleFirst if n == 0 => return error("ThrottlingException", "Rate exceeded"),
        _ => {}
    }
    let service = body["ServiceCode"].as_str().unwrap_or("");
    let filters: Vec<(String, String)> = body["Filters"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            (
                f["Field"].as_str().unwrap_or("").to_string(),
                f["Value"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let matching: Vec<&String> = products
        .iter()
        .filter(|p| {
            let v: Value = serde_json::from_str(p).unwrap();
            v["serviceCode"] == service
                && filters.iter().all(|(field, value)| {
                    let attr = if field == "productFamily" {
                        v["product"]["productFamily"].as_str()
                    } else {
                        v["product"]["attributes"][field].as_str()
                    };
                    attr.is_some_and(|a| a.eq_ignore_ascii_case(value))
                })
        })
        .collect();
    // One product per page, so every answer of two products is paged.
    let page: usize = body["NextToken"]
        .as_str()
        .and_then(|t| t.parse().ok())
        .unwrap_or(0);
    let mut reply = json!({"FormatVersion": "aws_v1", "PriceList": matching.get(page).map(|p| vec![p.as_str()]).unwrap_or_default()});
    if page + 1 < matching.len() {
        reply["NextToken"] = json!((page + 1).to_string());
    }
    ("200 OK".to_string(), reply.to_string())
}

fn stack() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("main.tf"), STACK).expect("write");
    dir
}

fn cost(dir: &Path, cache: &Path, args: &[&str]) -> (Value, String) {
    let out: Output = Command::new(env!("CARGO_BIN_EXE_tfready"))
        .arg("cost")
        .arg(dir)
        .args(["--format", "json", "--no-phases"])
        .args(args)
        .env("TFREADY_CACHE_DIR", cache)
        .env("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEPRICING")
        .env("AWS_SECRET_ACCESS_KEY", "example-secret")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("TFREADY_OFFLINE")
        .env_remove("AWS_ENDPOINT_URL")
        .env_remove("AWS_PROFILE")
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let v: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stderr}"));
    (v["estimate"].clone(), stderr)
}

fn missing(est: &Value) -> Vec<String> {
    est["missing"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|m| m["reason"].as_str().unwrap_or("").to_string())
        .collect()
}

fn monthly(est: &Value, address: &str) -> f64 {
    est["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["address"] == address)
        .and_then(|i| i["monthly_usd"].as_f64())
        .unwrap_or_else(|| panic!("{address} not priced: {:?}", missing(est)))
}

#[test]
fn prices_every_line_of_an_eu_central_1_stack_from_the_price_list_api() {
    let server = serve(Mode::Answer);
    let dir = stack();
    let cache = tempfile::tempdir().unwrap();
    let (est, _) = cost(dir.path(), cache.path(), &["--endpoint-url", &server.url]);
    assert!(missing(&est).is_empty(), "{:?}", missing(&est));
    assert_eq!(est["complete"], true);
    // 2 × 730 h × $0.096, plus two 8 GB gp2 root volumes at $0.119.
    let asg = monthly(&est, "aws_autoscaling_group.web");
    assert!(
        (asg - (2.0 * 730.0 * 0.096 + 16.0 * 0.119)).abs() < 0.01,
        "{asg}"
    );
    // The instance takes its type from the launch template.
    let bastion = monthly(&est, "aws_instance.bastion");
    assert!(
        (bastion - (730.0 * 0.096 + 8.0 * 0.119)).abs() < 0.01,
        "{bastion}"
    );
    // MySQL, not the PostgreSQL product the same class has.
    let db = monthly(&est, "aws_db_instance.db");
    assert!((db - (730.0 * 0.16 + 50.0 * 0.274)).abs() < 0.01, "{db}");
    assert!(monthly(&est, "aws_alb.web") > 730.0 * 0.027);
    let origin = est["prices_origin"].as_str().unwrap();
    assert!(origin.contains("AWS Price List API, fetched"), "{origin}");
    // The EC2 question matched two products (Linux and Windows) server-side
    // only if the OS filter was missing; the Route 53 zone's tiers came in
    // one product. Every request asked GetProducts with a service code.
    let seen = server.seen.lock().unwrap().clone();
    assert!(seen.iter().all(|b| b["ServiceCode"].is_string()));
    let ec2 = seen
        .iter()
        .find(|b| b["ServiceCode"] == "AmazonEC2" && b.to_string().contains("t3.large"))
        .expect("asked for t3.large");
    assert!(ec2.to_string().contains("\"Linux\""), "{ec2}");

    // The answers are cached: a second run asks nothing.
    let before = seen.len();
    let (again, _) = cost(dir.path(), cache.path(), &["--endpoint-url", &server.url]);
    assert_eq!(
        server.seen.lock().unwrap().len(),
        before,
        "asked again despite the cache"
    );
    assert_eq!(monthly(&again, "aws_db_instance.db"), db);
    let cached = std::fs::read_to_string(cache.path().join("prices/eu-central-1.toml")).unwrap();
    assert!(
        cached.contains("rds.instance.mysql.db.t3.medium.multi-az"),
        "{cached}"
    );

    // Entries past the TTL are asked again.
    let old = regex_free_replace(&cached, "as_of = \"", "as_of = \"2001-01-01\"\n#");
    std::fs::write(cache.path().join("prices/eu-central-1.toml"), old).unwrap();
    cost(dir.path(), cache.path(), &["--endpoint-url", &server.url]);
    assert!(
        server.seen.lock().unwrap().len() > before,
        "stale entries were not refreshed"
    );
}

/// Replaces the start of every `as_of = "DATE"` line so the date reads old
/// (the original value is commented out on the next line).
fn regex_free_replace(text: &str, from: &str, to: &str) -> String {
    text.lines()
        .map(|l| {
            if l.starts_with(from) {
                format!("{to}{l}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn paged_answers_are_followed_to_the_last_page() {
    // The load balancer question (family + region) matches the hours and
    // the LCU products; the server sends one a page, the LCU one second.
    let server = serve(Mode::Answer);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        "provider \"aws\" { region = \"eu-central-1\" }\nresource \"aws_lb\" \"web\" {}\n",
    )
    .unwrap();
    let cache = tempfile::tempdir().unwrap();
    let (est, _) = cost(dir.path(), cache.path(), &["--endpoint-url", &server.url]);
    let lb = monthly(&est, "aws_lb.web");
    assert!(
        (lb - (730.0 * 0.027 + 0.5 * 730.0 * 0.008)).abs() < 0.01,
        "{lb}"
    );
    let seen = server.seen.lock().unwrap();
    assert!(
        seen.iter()
            .any(|b| b["NextToken"] == "1" && b["ServiceCode"] == "AWSELB"),
        "no second page asked: {seen:?}"
    );
}

#[test]
fn a_throttled_call_is_retried() {
    let server = serve(Mode::ThrottleFirst);
    let dir = stack();
    let cache = tempfile::tempdir().unwrap();
    let (est, stderr) = cost(dir.path(), cache.path(), &["--endpoint-url", &server.url]);
    assert!(missing(&est).is_empty(), "{:?} {stderr}", missing(&est));
    let seen = server.seen.lock().unwrap();
    assert_eq!(seen[0], seen[1], "the throttled request was sent again");
}

#[test]
fn a_denied_caller_gets_the_embedded_list_and_is_told_why() {
    let server = serve(Mode::Deny);
    let dir = stack();
    let cache = tempfile::tempdir().unwrap();
    let (est, _) = cost(dir.path(), cache.path(), &["--endpoint-url", &server.url]);
    let notes = est["notes"].to_string();
    assert!(notes.contains("Live prices could not be had"), "{notes}");
    assert!(notes.contains("AccessDenied"), "{notes}");
    // Denied once is denied for every question: one request, not one per key.
    assert_eq!(server.seen.lock().unwrap().len(), 1);
    assert_eq!(est["complete"], false);
    assert!(!missing(&est).is_empty());
    // Nothing was cached.
    let cached =
        std::fs::read_to_string(cache.path().join("prices/eu-central-1.toml")).unwrap_or_default();
    assert!(!cached.contains("[[price]]"), "{cached}");
}

#[test]
fn offline_never_calls_out_and_names_what_it_lacks() {
    let server = serve(Mode::Answer);
    let dir = stack();
    let cache = tempfile::tempdir().unwrap();
    let (est, _) = cost(
        dir.path(),
        cache.path(),
        &["--offline", "--endpoint-url", &server.url],
    );
    assert_eq!(server.seen.lock().unwrap().len(), 0);
    assert_eq!(est["complete"], false);
    let notes = est["notes"].to_string();
    assert!(notes.contains("live prices not asked: offline"), "{notes}");
    assert!(
        missing(&est)
            .iter()
            .any(|m| m.contains("rds.instance.mysql.db.t3.medium.multi-az")),
        "{:?}",
        missing(&est)
    );
    // In a region the embedded list has, offline prices come from it, dated.
    let us = tempfile::tempdir().unwrap();
    std::fs::write(
        us.path().join("main.tf"),
        STACK.replace("eu-central-1", "us-east-1"),
    )
    .unwrap();
    let (est, _) = cost(us.path(), cache.path(), &["--offline"]);
    let origin = est["prices_origin"].as_str().unwrap();
    assert!(origin.contains("embedded list, as of 20"), "{origin}");
}

#[test]
fn bulk_offer_files_and_their_csv_export_price_air_gapped() {
    let dir = stack();
    let cache = tempfile::tempdir().unwrap();
    // The bulk offer file of AmazonRDS, eu-central-1.
    let mut products = serde_json::Map::new();
    let mut on_demand = serde_json::Map::new();
    for p in catalog().iter().filter(|p| p.contains("\"AmazonRDS\"")) {
        let v: Value = serde_json::from_str(p).unwrap();
        let sku = v["product"]["sku"].as_str().unwrap().to_string();
        products.insert(sku.clone(), v["product"].clone());
        on_demand.insert(sku, v["terms"]["OnDemand"].clone());
    }
    let offer = json!({
        "formatVersion": "v1.0", "disclaimer": "…", "offerCode": "AmazonRDS",
        "version": "20261101000000", "publicationDate": "2026-11-01T00:00:00Z",
        "products": products, "terms": {"OnDemand": on_demand, "Reserved": {}}
    });
    let file = dir.path().join("rds-offer.json");
    std::fs::write(&file, offer.to_string()).unwrap();
    let (est, _) = cost(
        dir.path(),
        cache.path(),
        &["--offline", "--prices", file.to_str().unwrap()],
    );
    let db = monthly(&est, "aws_db_instance.db");
    assert!((db - (730.0 * 0.16 + 50.0 * 0.274)).abs() < 0.01, "{db}");
    assert!(est["prices_origin"]
        .as_str()
        .unwrap()
        .contains("published 2026-11-01"));

    // The CSV export of AmazonEC2: metadata lines, a header, one row a rate.
    let csv = "\"FormatVersion\",\"v1.0\"\n\"Disclaimer\",\"…\"\n\"Publication Date\",\"2026-11-02T00:00:00Z\"\n\"Version\",\"20261102000000\"\n\"OfferCode\",\"AmazonEC2\"\n\
\"SKU\",\"OfferTermCode\",\"RateCode\",\"TermType\",\"PriceDescription\",\"EffectiveDate\",\"StartingRange\",\"EndingRange\",\"Unit\",\"PricePerUnit\",\"Currency\",\"Product Family\",\"serviceCode\",\"Location\",\"Instance Type\",\"Tenancy\",\"Operating System\",\"Pre Installed S/W\",\"Capacity Status\",\"Region Code\",\"Volume API Name\",\"usageType\"\n\
\"EC2T3L\",\"JRTCKXETXF\",\"EC2T3L.JRTCKXETXF.6YS6EN2CT7\",\"OnDemand\",\"$0.0960 per On Demand Linux t3.large Instance Hour\",\"2026-11-01\",\"0\",\"Inf\",\"Hrs\",\"0.0960000000\",\"USD\",\"Compute Instance\",\"AmazonEC2\",\"EU (Frankfurt)\",\"t3.large\",\"Shared\",\"Linux\",\"NA\",\"Used\",\"eu-central-1\",\"\",\"EUC1-BoxUsage:t3.large\"\n\
\"EC2T3L\",\"4NA7Y494T4\",\"EC2T3L.4NA7Y494T4.6YS6EN2CT7\",\"Reserved\",\"Linux t3.large reserved\",\"2026-11-01\",\"0\",\"Inf\",\"Hrs\",\"0.0600000000\",\"USD\",\"Compute Instance\",\"AmazonEC2\",\"EU (Frankfurt)\",\"t3.large\",\"Shared\",\"Linux\",\"NA\",\"Used\",\"eu-central-1\",\"\",\"EUC1-BoxUsage:t3.large\"\n\
\"EBSGP2\",\"JRTCKXETXF\",\"EBSGP2.JRTCKXETXF.6YS6EN2CT7\",\"OnDemand\",\"$0.119 per GB-month of General Purpose SSD (gp2)\",\"2026-11-01\",\"0\",\"Inf\",\"GB-Mo\",\"0.1190000000\",\"USD\",\"Storage\",\"AmazonEC2\",\"EU (Frankfurt)\",\"\",\"\",\"\",\"\",\"\",\"eu-central-1\",\"gp2\",\"EUC1-EBS:VolumeUsage.gp2\"\n";
    let file = dir.path().join("ec2-offer.csv");
    std::fs::write(&file, csv).unwrap();
    let (est, _) = cost(
        dir.path(),
        cache.path(),
        &["--offline", "--prices", file.to_str().unwrap()],
    );
    let asg = monthly(&est, "aws_autoscaling_group.web");
    // On-demand, not the reserved row.
    assert!(
        (asg - (2.0 * 730.0 * 0.096 + 16.0 * 0.119)).abs() < 0.01,
        "{asg}"
    );
}

/// `tfready prices update DIR ARGS` with test credentials and `cache`;
/// `offline` sets TFREADY_OFFLINE.
fn update(dir: &Path, cache: &Path, args: &[&str], offline: bool) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tfready"));
    cmd.args(["prices", "update"])
        .arg(dir)
        .args(args)
        .env("TFREADY_CACHE_DIR", cache)
        .env("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEPRICING")
        .env("AWS_SECRET_ACCESS_KEY", "example-secret")
        .env_remove("TFREADY_OFFLINE");
    if offline {
        cmd.env("TFREADY_OFFLINE", "1");
    }
    cmd.output().expect("runs")
}

#[test]
fn prices_update_fills_the_cache_that_offline_runs_use() {
    let server = serve(Mode::Answer);
    let dir = stack();
    let cache = tempfile::tempdir().unwrap();
    let out = update(
        dir.path(),
        cache.path(),
        &["--endpoint-url", &server.url],
        false,
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.starts_with("eu-central-1: "), "{stdout}");
    let (est, _) = cost(dir.path(), cache.path(), &["--offline"]);
    assert!(missing(&est).is_empty(), "{:?}", missing(&est));
    assert!(est["prices_origin"]
        .as_str()
        .unwrap()
        .contains("AWS Price List API, fetched"));

    // A denied caller: the command says so and fails.
    let denied = serve(Mode::Deny);
    let args = ["--region", "ap-south-1", "--endpoint-url", &denied.url];
    let out = update(dir.path(), cache.path(), &args, false);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("AccessDenied"));

    // Offline means offline, even for an explicit update: nothing is asked.
    let asked = server.seen.lock().unwrap().len();
    let out = update(
        dir.path(),
        cache.path(),
        &["--endpoint-url", &server.url],
        true,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("offline"));
    assert_eq!(server.seen.lock().unwrap().len(), asked);
}
