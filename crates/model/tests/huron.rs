//! The model on the embedded example: spans, tfvars precedence, module
//! inputs, unknowns.

use std::path::PathBuf;

use tfready_model::{LoadOptions, Presence, Project, Value, VarOrigin};

fn example() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/huron-pmo")
}

fn load(opts: &LoadOptions) -> Project {
    Project::load(&example(), opts).expect("example loads")
}

#[test]
fn loads_every_module_without_diagnostics() {
    let p = load(&LoadOptions::default());
    let mut dirs: Vec<&str> = p.modules.iter().map(|m| m.dir.as_str()).collect();
    dirs.sort();
    assert_eq!(
        dirs,
        [
            "",
            "modules/ec2",
            "modules/rds",
            "modules/route53",
            "modules/s3",
            "modules/vpc"
        ]
    );
    assert!(p.diagnostics.is_empty(), "{:#?}", p.diagnostics);
    let addrs: Vec<String> = p.instances.iter().map(|i| i.address.clone()).collect();
    assert!(
        addrs.contains(&"module.route53[0]".to_string()),
        "{addrs:?}"
    );
}

#[test]
fn spans_point_at_the_spec_lines() {
    let p = load(&LoadOptions::default());
    let (tf, backend) = p.root_module().backend().expect("backend");
    let range = tfready_model::ast::Span::span(backend).unwrap();
    let loc = p.location(tf.file, &range);
    assert_eq!(
        (loc.file.as_str(), loc.line, loc.end_line),
        ("main.tf", 16, 18)
    );
    let var = &p.root_module().variables["db_password"];
    let loc = p.location(var.file, &var.span.range);
    assert_eq!(
        (loc.file.as_str(), loc.line, loc.end_line),
        ("variables.tf", 126, 130)
    );
    let record = p
        .resources_of("aws_route53_record")
        .find(|r| r.resource.name == "app")
        .expect("app record");
    assert_eq!(record.attr("records").unwrap().location().line, 24);
}

#[test]
fn tfvars_win_over_defaults_and_flags_win_over_tfvars() {
    let p = load(&LoadOptions::default());
    let env = p.root_var("environment").unwrap();
    assert_eq!(env.value, Value::string("prod"));
    assert!(matches!(env.origin, VarOrigin::File(ref l) if l.file == "terraform.tfvars"));

    let p = load(&LoadOptions {
        vars: vec!["environment=dev".into()],
        ..Default::default()
    });
    assert_eq!(
        p.root_var("environment").unwrap().value,
        Value::string("dev")
    );
}

#[test]
fn secrets_from_tfvars_are_marked_and_collected() {
    let p = load(&LoadOptions::default());
    let pw = p.root_var("db_password").unwrap();
    assert!(pw.value.is_sensitive());
    assert!(p.secrets.iter().any(|s| s == "Hur0nPMO-prod-2024!"));
    // Flows into the module input, still sensitive.
    let rds = p
        .instances
        .iter()
        .find(|i| i.address == "module.rds")
        .unwrap();
    assert!(rds.vars["db_password"].value.is_sensitive());
}

#[test]
fn module_inputs_flow_and_remember_their_origin() {
    let p = load(&LoadOptions::default());
    let vpc = p
        .instances
        .iter()
        .find(|i| i.address == "module.vpc")
        .unwrap();
    let ssh = &vpc.vars["ssh_allowed_cidr"];
    assert_eq!(ssh.value, Value::List(vec![Value::string("0.0.0.0/0")]));
    let origin = ssh.origin.to_string();
    assert!(origin.starts_with("passed at main.tf:"), "{origin}");
    // The root value itself comes from terraform.tfvars, which wins over the default.
    assert!(origin.ends_with("set in terraform.tfvars:13"), "{origin}");
}

#[test]
fn unknowns_stay_unknown_and_counts_evaluate_per_environment() {
    let p = load(&LoadOptions::default());
    let route53 = p
        .instances
        .iter()
        .find(|i| i.address == "module.route53[0]")
        .unwrap();
    assert!(route53.vars["app_public_ip"].value.is_unknown());
    assert_eq!(route53.presence, Presence::Yes);

    let p = load(&LoadOptions {
        vars: vec!["create_dns_records=false".into()],
        ..Default::default()
    });
    assert!(!p
        .instances
        .iter()
        .any(|i| i.address.starts_with("module.route53")));
}

#[test]
fn multi_az_follows_the_environment() {
    for (env, want) in [("prod", true), ("dev", false)] {
        // --env alone decides, over terraform.tfvars' environment = "prod".
        let p = load(&LoadOptions {
            env: Some(env.into()),
            ..Default::default()
        });
        assert_eq!(p.root_var("environment").unwrap().value, Value::string(env));
        let db = p.resources_of("aws_db_instance").next().unwrap();
        assert_eq!(db.eval("multi_az"), Some(Value::Bool(want)), "{env}");
    }
}

#[test]
fn origins_follow_variables_through_modules() {
    let p = load(&LoadOptions::default());
    let record = p
        .resources_of("aws_route53_record")
        .find(|r| r.resource.name == "app")
        .unwrap();
    let records = record.attr("records").unwrap();
    let origins = p.origins(record.instance.id, records.expr());
    assert!(
        origins
            .iter()
            .any(|o| o.ty == "aws_eip" && o.attr.as_deref() == Some("public_ip")),
        "{origins:?}"
    );
}
