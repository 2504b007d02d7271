//! In-place hygiene fixes on stacks of other shapes: deletion protection on
//! production load balancers (TFR944), under either resource name, in the
//! root and in a module that must be given the environment.

use std::path::Path;

use tfready_fix::{apply, plan, FixOptions};
use tfready_model::{LoadOptions, Project};

fn fix(tf: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), tf).unwrap();
    let load = |d: &Path| Project::load(d, &LoadOptions::default()).unwrap();
    let opts = FixOptions {
        rules: vec!["TFR944".into()],
        ..FixOptions::default()
    };
    let planned = plan(&load(dir.path()), &opts);
    apply(dir.path(), &planned.changes).unwrap();
    assert!(
        plan(&load(dir.path()), &opts).changes.is_empty(),
        "a second run changes something"
    );
    std::fs::read_to_string(dir.path().join("main.tf")).unwrap()
}

#[test]
fn production_load_balancers_get_deletion_protection_per_environment() {
    let tf = r#"variable "stage" {
  type    = string
  default = "production"
}
resource "aws_lb" "public" {
  name = "public"
}
resource "aws_alb" "legacy" {
  name = "legacy"
}
resource "aws_lb" "private" {
  name     = "private"
  internal = true
}
"#;
    let out = fix(tf);
    assert_eq!(
        out.matches("enable_deletion_protection = var.stage == \"production\"")
            .count(),
        2,
        "{out}"
    );
    // Internal load balancers are not the rule's.
    let private = &out[out.find("\"private\" {").unwrap()..];
    assert!(!private.contains("enable_deletion_protection"), "{out}");
}

#[test]
fn a_load_balancer_in_a_module_gets_the_environment_threaded_in() {
    let dir = tempfile::tempdir().unwrap();
    let root = "variable \"env\" {\n  default = \"prod\"\n}\nmodule \"edge\" {\n  source = \"./edge\"\n}\n";
    std::fs::write(dir.path().join("main.tf"), root).unwrap();
    std::fs::create_dir(dir.path().join("edge")).unwrap();
    std::fs::write(
        dir.path().join("edge/main.tf"),
        "resource \"aws_lb\" \"web\" {\n  name = \"web\"\n}\n",
    )
    .unwrap();
    let load = || Project::load(dir.path(), &LoadOptions::default()).unwrap();
    let opts = FixOptions {
        rules: vec!["TFR944".into()],
        ..FixOptions::default()
    };
    apply(dir.path(), &plan(&load(), &opts).changes).unwrap();
    assert!(
        plan(&load(), &opts).changes.is_empty(),
        "a second run changes something"
    );
    // Every file of the module, in name order: where the variable went.
    let mut files: Vec<_> = std::fs::read_dir(dir.path().join("edge"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let edge: String = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    let root = std::fs::read_to_string(dir.path().join("main.tf")).unwrap();
    assert!(
        edge.contains("enable_deletion_protection = var.env == \"prod\""),
        "{edge}"
    );
    assert!(edge.contains("variable \"env\""), "{edge}");
    assert!(
        root.contains("env    = var.env") || root.contains("env = var.env"),
        "{root}"
    );
}
