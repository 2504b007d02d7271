//! A project re-evaluated for another environment (`Project::for_env`)
//! is the project loaded with that environment from scratch.

use tfready_model::{LoadOptions, Presence, Project};

/// (resource address, present), diagnostics, secret count, files.
type Summary = (Vec<(String, bool)>, Vec<String>, usize, Vec<String>);

fn summary(p: &Project) -> Summary {
    let resources = p
        .resources()
        .map(|r| (r.address(), r.presence() == Presence::Yes))
        .collect();
    let diagnostics = p.diagnostics.iter().map(|d| format!("{d:?}")).collect();
    let files = p.files.iter().map(|f| f.display.clone()).collect();
    (resources, diagnostics, p.secrets.len(), files)
}

#[test]
fn re_evaluating_equals_loading_afresh() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("environments")).unwrap();
    std::fs::write(
        root.join("main.tf"),
        r#"variable "environment" {
  type = string
}
variable "db_password" {
  type      = string
  sensitive = true
}
resource "aws_instance" "bastion" {
  count         = var.environment == "prod" ? 0 : 1
  instance_type = "t3.micro"
}
resource "aws_db_instance" "db" {
  multi_az = var.environment == "prod"
  password = var.db_password
}
"#,
    )
    .unwrap();
    for (env, password) in [("dev", "dev-pass-1"), ("prod", "prod-pass-2")] {
        std::fs::write(
            root.join(format!("environments/{env}.tfvars")),
            format!("environment = \"{env}\"\ndb_password = \"{password}\"\n"),
        )
        .unwrap();
    }
    let base = Project::load(root, &LoadOptions::default()).unwrap();
    for env in ["dev", "prod"] {
        let opts = LoadOptions {
            env: Some(env.into()),
            ..Default::default()
        };
        let again = base.for_env(&opts).unwrap();
        let fresh = Project::load(root, &opts).unwrap();
        assert_eq!(summary(&again), summary(&fresh), "{env}");
        assert_eq!(again.environment().as_deref(), Some(env));
    }
    // The bastion exists in dev only: the environments really differ.
    let dev = base
        .for_env(&LoadOptions {
            env: Some("dev".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(
        dev.resources()
            .any(|r| r.address() == "aws_instance.bastion[0]"
                || r.address() == "aws_instance.bastion")
    );
    // And the modules are shared, not copied.
    assert!(std::sync::Arc::ptr_eq(&base.modules, &dev.modules));
}
