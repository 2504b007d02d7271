//! The real remediation modules (the rule folders' templates, listed in the manifest) priced as the
//! roadmap's phases for the Huron PMO example. Figures that depend on the templates' details are
//! not pinned here (the templates evolve); the invariants are: every module loads, every resource
//! they create is priced or listed as free, each phase has modules, and the phase's changes to
//! the existing stack are those of spec §6.

use std::path::PathBuf;

use tfready_cost::{phases, render_markdown, render_phases, PhaseTable, PriceList, Status, Usage};
use tfready_model::{LoadOptions, Project};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn table(environment: &str) -> PhaseTable {
    let options = LoadOptions {
        vars: vec![format!("environment={environment}")],
        ..Default::default()
    };
    let project = Project::load(&root().join("examples/huron-pmo"), &options).unwrap();
    phases(
        &project,
        PriceList::embedded(),
        &Usage::defaults(),
        &tfready_rules::fixing::templates::templates_dir().unwrap(),
        &Default::default(),
    )
    .unwrap()
}

#[track_caller]
fn close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() < 1e-6,
        "expected {expected}, got {actual}"
    );
}

#[test]
fn every_template_module_loads_and_is_priced() {
    for env in ["prod", "dev"] {
        let t = table(env);
        for row in &t.phases {
            assert!(!row.modules.is_empty(), "phase {} has no module", row.phase);
            for m in &row.modules {
                assert_eq!(m.load_error, None, "{}", m.name);
                for item in &m.items {
                    assert_ne!(
                        item.status,
                        Status::Missing,
                        "{env}: {} has a missing price: {:?}",
                        item.address,
                        item.missing
                    );
                }
            }
            assert!(row.complete, "{env}: phase {} incomplete", row.phase);
        }
        assert!(t.recommended.complete && t.production.complete);
    }
}

#[test]
fn prod_phases_beside_the_spec() {
    let t = table("prod");
    close(t.current.total_usd, 68.518);
    let names = |phase: usize| -> Vec<&str> {
        t.phases[phase]
            .modules
            .iter()
            .map(|m| m.name.as_str())
            .collect()
    };
    for (phase, expected) in [
        (0, &["monitoring", "secrets", "state_backend"][..]),
        (1, &["alb", "elasticache", "flow_logs", "waf"][..]),
        (2, &["asg", "backup", "guardduty"][..]),
        (3, &["cloudfront", "config", "read_replica"][..]),
    ] {
        for name in expected {
            assert!(
                names(phase).contains(name),
                "phase {} lacks {name}: {:?}",
                phase + 1,
                names(phase)
            );
        }
    }
    // The ALB: 730 x 0.0225 + 0.5 LCU x 730 x 0.008, whatever else the module holds.
    let alb = t.phases[1]
        .modules
        .iter()
        .find(|m| m.name == "alb")
        .unwrap();
    let lb = alb
        .items
        .iter()
        .find(|i| i.resource_type == "aws_lb")
        .unwrap();
    close(lb.monthly_usd.unwrap(), 19.345);
    // Phase 2 turns on Enhanced Monitoring for the existing database.
    assert!(t.phases[1]
        .adjustments
        .iter()
        .any(|a| a.address == "module.rds.aws_db_instance.coherent_db (+ RDS monitoring)"));
    // Phase 3: the database is already Multi-AZ in prod; the ASG replaces the server and its EIP.
    let p3 = &t.phases[2];
    assert!(p3
        .notes
        .iter()
        .any(|n| n.contains("already Multi-AZ in prod")));
    let removed: Vec<f64> = p3
        .adjustments
        .iter()
        .map(|a| a.monthly_usd.unwrap())
        .collect();
    assert_eq!(removed.len(), 2, "{:?}", p3.adjustments);
    close(removed[0], -(30.368 + 2.40));
    close(removed[1], -3.65);
    // The ASG runs 2 instances in prod.
    let asg = p3.modules.iter().find(|m| m.name == "asg").unwrap();
    let group = asg
        .items
        .iter()
        .find(|i| i.resource_type == "aws_autoscaling_group")
        .unwrap();
    assert!(
        group.formula.starts_with("t3.medium instances: 2 × 730 h"),
        "{}",
        group.formula
    );

    let text = render_phases(&t);
    for spec in [
        "$55-65", "+$7-12", "+$35-55", "+$40-60", "+$20-50", "$135-165", "$165-195",
    ] {
        assert!(text.contains(spec), "{spec} missing from\n{text}");
    }
    let md = render_markdown(&t.current, Some(&t));
    assert!(md.contains("## Cost Impact Summary"));
}

#[test]
fn dev_runs_one_asg_instance() {
    let t = table("dev");
    let asg = t.phases[2]
        .modules
        .iter()
        .find(|m| m.name == "asg")
        .unwrap();
    let group = asg
        .items
        .iter()
        .find(|i| i.resource_type == "aws_autoscaling_group")
        .unwrap();
    assert!(
        group.formula.starts_with("t3.medium instances: 730 h"),
        "{}",
        group.formula
    );
    assert!(t.phases[2].notes.iter().any(|n| n.contains("prod only")));
}

/// The phase table of the stack `main_tf`, and its module `name`.
fn module_of(main_tf: &str, name: &str) -> tfready_cost::ModuleCost {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), main_tf).unwrap();
    let project = Project::load(dir.path(), &LoadOptions::default()).unwrap();
    let templates = tfready_rules::fixing::templates::templates_dir().unwrap();
    let t = phases(
        &project,
        PriceList::embedded(),
        &Usage::defaults(),
        &templates,
        &Default::default(),
    )
    .unwrap();
    t.phases
        .iter()
        .flat_map(|p| &p.modules)
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("{name} is priced"))
        .clone()
}

fn formulas(m: &tfready_cost::ModuleCost) -> String {
    m.items
        .iter()
        .map(|i| i.formula.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The modules whose size the fix takes from the stack are priced at the
/// stack's size: the Auto Scaling group runs the instance's own type, the
/// read replica is the primary's class. A stack without the size leaves
/// the line's price missing, never a guessed size.
#[test]
fn sizes_the_fix_takes_from_the_stack_are_priced_from_it() {
    let stack = r#"
provider "aws" {
  region = "eu-central-1"
}
resource "aws_instance" "web" {
  ami           = "ami-12345678"
  instance_type = "m5.large"
}
resource "aws_db_instance" "orders" {
  engine            = "mysql"
  instance_class    = "db.r6g.large"
  allocated_storage = 50
}
"#;
    let asg = module_of(stack, "asg");
    assert!(formulas(&asg).contains("m5.large"), "{}", formulas(&asg));
    let replica = module_of(stack, "read_replica");
    assert!(
        formulas(&replica).contains("db.r6g.large"),
        "{}",
        formulas(&replica)
    );

    // No instance type in the stack: the group's hours have no price.
    let asg = module_of(
        "resource \"aws_db_instance\" \"orders\" {\n  engine = \"mysql\"\n}\n",
        "asg",
    );
    assert!(!asg.complete, "{:?}", asg.items);
    assert!(
        !asg.items.iter().any(|i| i.formula.contains("t3.")),
        "{:?}",
        asg.items
    );
}
