//! The phase machinery against a fixture manifest and fixture modules
//! (`tests/fixtures/phases`), every figure computed by hand.

use std::path::PathBuf;

use tfready_cost::{compare, phases, render_markdown, render_phases, PhaseTable, PriceList, Usage};
use tfready_model::{LoadOptions, Project};

fn fixture(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/phases")
        .join(path)
}

fn table(environment: &str) -> PhaseTable {
    let options = LoadOptions {
        vars: vec![format!("environment={environment}")],
        ..Default::default()
    };
    let project = Project::load(&fixture("stack"), &options).unwrap();
    phases(
        &project,
        PriceList::embedded(),
        &Usage::defaults(),
        &fixture("templates"),
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
fn a_module_the_stack_has_already_is_not_added_again() {
    let options = LoadOptions {
        vars: vec!["environment=prod".into()],
        ..Default::default()
    };
    let project = Project::load(&fixture("stack"), &options).unwrap();
    let in_place = std::collections::BTreeSet::from(["state".to_string()]);
    let t = phases(
        &project,
        PriceList::embedded(),
        &Usage::defaults(),
        &fixture("templates"),
        &in_place,
    )
    .unwrap();
    let p1 = &t.phases[0];
    let names: Vec<&str> = p1.modules.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["alarms"]);
    close(p1.delta_usd, 0.0);
    assert!(p1
        .notes
        .iter()
        .any(|n| n.starts_with("state: the stack has it already")));
}

#[test]
fn prod_phases_from_modules_and_changes() {
    let t = table("prod");
    assert_eq!(t.environment.as_deref(), Some("prod"));
    // t3.micro 730 x 0.0104 + 8 GB gp2 x 0.10 = 8.392; EIP 3.65;
    // db.t3.micro Single-AZ 730 x 0.018 + 20 GB gp2 x 0.115 = 13.14 + 2.30
    close(t.current.total_usd, 8.392 + 3.65 + 15.44);

    let p1 = &t.phases[0];
    assert_eq!(p1.spec.text, "+$7-12");
    let names: Vec<&str> = p1.modules.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["alarms", "state"]);
    // alarms: 3 alarms within the 10 free, publishes within the free million: 0
    close(p1.modules[0].monthly_usd, 0.0);
    // state: S3 0.23 + 0.05 + 0.04, DynamoDB 0.00625 + 0.00125
    close(p1.modules[1].monthly_usd, 0.3275);
    assert_eq!(p1.modules[1].spec_rows[0].cost, "1-2");
    close(p1.delta_usd, 0.3275);

    let p2 = &t.phases[1];
    // ALB 730 x 0.0225 + 0.5 x 730 x 0.008 = 19.345; RDS monitoring: 0.35 GB ingested (free
    // 5 GB) and stored 0.35 x 0.03 = 0.0105; Performance Insights 7 days free
    close(p2.modules[0].monthly_usd, 19.345);
    assert_eq!(p2.adjustments.len(), 1);
    close(p2.adjustments[0].monthly_usd.unwrap(), 0.0105);
    close(p2.delta_usd, 19.3555);

    let p3 = &t.phases[2];
    // ASG: 2 x (730 x 0.0208 + 8 x 0.10) = 31.968
    close(p3.modules[0].monthly_usd, 31.968);
    // Multi-AZ: (26.28 - 13.14) + (4.60 - 2.30) = 15.44; the server and its EIP come off
    let adjustments: Vec<(&str, f64)> = p3
        .adjustments
        .iter()
        .map(|a| (a.address.as_str(), a.monthly_usd.unwrap()))
        .collect();
    assert_eq!(adjustments.len(), 3, "{adjustments:?}");
    close(adjustments[0].1, 15.44);
    assert!(adjustments[0].0.contains("(Multi-AZ)"));
    close(adjustments[1].1, -8.392);
    close(adjustments[2].1, -3.65);
    close(p3.delta_usd, 31.968 + 15.44 - 8.392 - 3.65);

    let p4 = &t.phases[3];
    close(p4.delta_usd, 0.0);
    assert!(p4.notes.iter().any(|n| n.contains("No module")));
    assert!(p1
        .notes
        .iter()
        .any(|n| n.starts_with("db_settings (snippet): changes the existing stack")));

    close(
        t.recommended.monthly_usd,
        27.482 + 0.3275 + 19.3555 + 35.366,
    );
    close(t.production.monthly_usd, t.recommended.monthly_usd);
    assert_eq!(t.recommended.spec.text, "$135-165");
    assert_eq!(t.other_modules.len(), 1);
    assert_eq!(t.other_modules[0].name, "tags");

    let text = render_phases(&t);
    assert!(text.contains("Phase 2 (High Priority)"), "{text}");
    assert!(text.contains("+$35-55"), "{text}");
    let md = render_markdown(&t.current, Some(&t));
    assert!(md.contains("| **Phase 3 (Production)** |"), "{md}");
    let json = serde_json::to_string(&t).unwrap();
    let back = serde_json::from_str::<PhaseTable>(&json).unwrap();
    close(back.recommended.monthly_usd, t.recommended.monthly_usd);
    assert_eq!(back.phases.len(), 4);
}

#[test]
fn dev_has_one_instance_and_no_multi_az() {
    let t = table("dev");
    let p3 = &t.phases[2];
    // ASG 1 x 15.984; no Multi-AZ in dev; server and EIP come off
    close(p3.delta_usd, 15.984 - 8.392 - 3.65);
    assert!(p3.notes.iter().any(|n| n.contains("prod only")));
}

#[test]
fn the_free_alarms_of_the_current_stack_are_not_given_twice() {
    // A current stack with 10 alarms uses the free tier: the phase 1 alarms are then paid.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        r#"
        resource "aws_cloudwatch_metric_alarm" "a" {
          count      = 10
          alarm_name = "a"
        }
        "#,
    )
    .unwrap();
    let project = Project::load(dir.path(), &LoadOptions::default()).unwrap();
    let t = phases(
        &project,
        PriceList::embedded(),
        &Usage::defaults(),
        &fixture("templates"),
        &Default::default(),
    )
    .unwrap();
    close(t.current.total_usd, 0.0);
    // 3 alarms x 0.10
    close(t.phases[0].modules[0].monthly_usd, 0.30);
}

#[test]
fn a_module_that_does_not_load_is_incomplete_not_zero() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("manifest.toml"),
        "[[module]]\nname = \"gone\"\nphase = 1\nrows = [2]\n",
    )
    .unwrap();
    let project = Project::load(&fixture("stack"), &LoadOptions::default()).unwrap();
    let t = phases(
        &project,
        PriceList::embedded(),
        &Usage::defaults(),
        dir.path(),
        &Default::default(),
    )
    .unwrap();
    let m = &t.phases[0].modules[0];
    assert!(!m.complete);
    assert!(m.load_error.is_some());
    assert!(!t.phases[0].complete);
    assert!(!t.recommended.complete);
}

#[test]
fn compare_two_stacks() {
    let load = |env: &str| {
        let options = LoadOptions {
            vars: vec![format!("environment={env}")],
            ..Default::default()
        };
        Project::load(&fixture("stack"), &options).unwrap()
    };
    let before = tfready_cost::estimate(&load("prod"), PriceList::embedded(), &Usage::defaults());
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("stack/main.tf"))
        .unwrap()
        .replace("multi_az          = false", "multi_az          = true")
        .replace(
            "resource \"aws_eip\" \"app\"",
            "resource \"aws_eip\" \"other\"",
        );
    std::fs::write(dir.path().join("main.tf"), text).unwrap();
    let after_project = Project::load(dir.path(), &LoadOptions::default()).unwrap();
    let after = tfready_cost::estimate(&after_project, PriceList::embedded(), &Usage::defaults());
    let c = compare(&before, &after);
    close(c.delta_usd, 15.44);
    let db = c
        .lines
        .iter()
        .find(|l| l.address == "aws_db_instance.db")
        .unwrap();
    assert_eq!(db.change, tfready_cost::Change::Changed);
    close(db.delta_usd, 15.44);
    let removed = c.lines.iter().find(|l| l.address == "aws_eip.app").unwrap();
    assert_eq!(removed.change, tfready_cost::Change::Removed);
    let added = c
        .lines
        .iter()
        .find(|l| l.address == "aws_eip.other")
        .unwrap();
    assert_eq!(added.change, tfready_cost::Change::Added);
    let text = tfready_cost::render_comparison(&c);
    assert!(text.contains("+$15.44"), "{text}");
}
