//! The engine as a library user sees it: one load per run, environments
//! evaluated from it, a plan's temporary stack gone with the load.

use std::path::PathBuf;

use tfready_engine::{audit, load, Target};

fn target(path: PathBuf) -> Target {
    Target {
        path,
        ..Target::default()
    }
}

/// A stack with a variables file per environment whose database is
/// Multi-AZ only outside production.
fn two_environments() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        r#"variable "environment" { type = string }
variable "multi_az" { type = bool }
resource "aws_db_instance" "db" {
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  allocated_storage   = 20
  multi_az            = var.multi_az
  storage_encrypted   = true
  deletion_protection = true
}
"#,
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("environments")).unwrap();
    for (env, multi_az) in [("dev", false), ("prod", false), ("staging", true)] {
        std::fs::write(
            dir.path().join(format!("environments/{env}.tfvars")),
            format!("environment = \"{env}\"\nmulti_az = {multi_az}\n"),
        )
        .unwrap();
    }
    dir
}

#[test]
fn rules_that_depend_on_the_environment_run_in_each_one_from_one_load() {
    let dir = two_environments();
    let t = target(dir.path().to_path_buf());
    let loaded = load(&t, None).unwrap();
    assert_eq!(loaded.environment, None);
    let result = audit(&loaded, &t, false, &|_| {}).unwrap();
    let multi_az: Vec<&Vec<String>> = result
        .findings
        .iter()
        .filter(|f| f.rule.slug == "rds-not-multi-az-in-prod")
        .map(|f| &f.environments)
        .collect();
    // Production only: dev is not production, staging is Multi-AZ.
    assert_eq!(multi_az, vec![&vec!["prod".to_string()]]);
}

#[test]
fn an_environment_the_stack_has_no_variables_file_for_is_an_input_error() {
    let dir = two_environments();
    let t = Target {
        env: Some("qa".into()),
        ..target(dir.path().to_path_buf())
    };
    let Err(e) = load(&t, None) else {
        panic!("qa loaded");
    };
    assert!(e.contains("\"qa\"") && e.contains("dev in"), "{e}");
}

#[test]
fn a_plan_is_loaded_as_a_stack_in_memory() {
    let fixture =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../cli/tests/fixtures/plan/plan.json");
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.json");
    std::fs::copy(&fixture, &plan).unwrap();
    let loaded = load(&target(plan.clone()), None).unwrap();
    assert!(loaded.plan.is_some(), "read as a plan");
    assert_eq!(loaded.project.display_root, plan.display().to_string());
    assert!(loaded.project.all_resources().count() > 0);
    // Its files are the plan's modules, found nowhere on disk.
    assert!(loaded.project.files.iter().all(|f| !f.path.exists()));
    let beside: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(beside.len(), 1, "{beside:?}");
}
