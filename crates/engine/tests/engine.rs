//! The engine as a library user sees it: one load per run, environments
//! evaluated from it, a plan read as a stack in memory.

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

#[test]
fn a_plans_strings_are_read_literally() {
    // A planned string is final: a rendered script's `${HOME}`, a policy's
    // `${aws:username}` are text, not references the plan failed to
    // resolve (they were reported as undeclared, a false "plan fails").
    let fixture =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../cli/tests/fixtures/plan/plan.json");
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture).unwrap()).unwrap();
    let script = "#!/bin/sh\necho ${HOME} %{ if x }y%{ endif } $${z}\n";
    let secret = "pa${ss";
    let root = &mut doc["planned_values"]["root_module"];
    for r in root["resources"].as_array_mut().unwrap() {
        if r["type"] == "aws_instance" {
            r["values"]["user_data"] = script.into();
        }
    }
    let db = &mut root["child_modules"][0]["child_modules"][0]["resources"][0];
    assert_eq!(db["sensitive_values"]["password"], true);
    db["values"]["password"] = secret.into();
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.json");
    std::fs::write(&plan, doc.to_string()).unwrap();

    let loaded = load(&target(plan), None).unwrap();
    let value = |ty: &str, attribute: &str| {
        let r = loaded
            .project
            .all_resources()
            .find(|r| r.resource.ty == ty)
            .unwrap();
        r.eval(attribute)
            .and_then(|v| v.as_str().map(str::to_string))
    };
    assert_eq!(value("aws_instance", "user_data").as_deref(), Some(script));
    assert_eq!(
        value("aws_db_instance", "password").as_deref(),
        Some(secret)
    );
    let result = tfready_engine::validate(&loaded);
    assert!(result.findings.is_empty(), "{:?}", result.findings);
}
