//! A plan file (`terraform show -json PLAN`, written here to the documented
//! format 1.x: root and nested module resources, a sensitive value, values
//! unknown until apply) audited, validated and priced like the stack it
//! plans, its findings on the plan's addresses and lines.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

fn plan() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/plan/plan.json")
}

/// `tfready ARGS PATH`.
fn run(args: &[&str], path: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tfready"))
        .args(args)
        .arg(path)
        .output()
        .expect("runs")
}

/// `tfready ARGS` on the fixture plan.
fn tfready(args: &[&str]) -> Output {
    run(args, &plan())
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
}

/// The findings of `tfready audit` on a plan file holding `text`.
fn audit_findings(text: &str) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.json");
    std::fs::write(&path, text).unwrap();
    let out = run(&["audit", "--format", "json"], &path);
    json(&out)["findings"].as_array().unwrap().clone()
}

/// The plan file's line holding `needle`.
fn line_of(needle: &str) -> u64 {
    let text = std::fs::read_to_string(plan()).unwrap();
    text.lines().position(|l| l.contains(needle)).expect(needle) as u64 + 1
}

#[test]
fn audit_reports_the_plans_gaps_at_its_addresses() {
    let doc = json(&tfready(&["audit", "--format", "json"]));
    let findings = doc["findings"].as_array().unwrap();
    let has = |rule: &str, address: &str| {
        findings.iter().any(|f| {
            f["rule_id"] == rule
                && f["resource"] == address
                && f["location"]["file"]
                    .as_str()
                    .unwrap()
                    .ends_with("plan.json")
                && f["location"]["line"] == line_of(&format!("\"address\": \"{address}\""))
        })
    };
    let db = "module.db.module.db_instance.aws_db_instance.this[0]";
    for (rule, address) in [
        ("TFR151", "aws_security_group.web"),
        ("TFR131", "aws_security_group.web"),
        ("TFR911", db),
        ("TFR913", db),
        ("TFR921", "aws_instance.web[0]"),
    ] {
        assert!(has(rule, address), "{rule} on {address}: {findings:#?}");
    }
    // What a plan does not carry is not reported as missing.
    assert!(!findings.iter().any(|f| f["rule_id"] == "TFR011"));
}

#[test]
fn validate_accepts_planned_values_and_cost_prices_them() {
    let doc = json(&tfready(&["validate", "--format", "json"]));
    assert_eq!(doc["findings"].as_array().unwrap().len(), 0, "{doc}");
    let doc = json(&tfready(&["cost", "--format", "json", "--no-phases"]));
    let items = doc["estimate"]["items"].as_array().unwrap();
    for address in [
        "aws_instance.web[0]",
        "module.db.module.db_instance.aws_db_instance.this[0]",
    ] {
        let item = items.iter().find(|i| i["address"] == address);
        assert!(
            item.is_some_and(|i| i["monthly_usd"].as_f64().unwrap_or(0.0) > 10.0),
            "{address}: {items:#?}"
        );
    }
    assert_eq!(doc["estimate"]["region"], "us-east-1");
}

#[test]
fn a_file_that_is_not_a_plan_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("plan.json");
    std::fs::write(&bad, r#"{"format_version": "0.2", "planned_values": {}}"#).unwrap();
    let out = run(&["audit"], &bad);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("format"));
}

#[test]
fn sarif_names_the_plan_file_from_its_directory() {
    let doc = json(&tfready(&["audit", "--format", "sarif"]));
    let run = &doc["runs"][0];
    let base = run["originalUriBaseIds"]["SRCROOT"]["uri"]
        .as_str()
        .unwrap();
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        // The plan file itself, not the stack it was read as.
        let file = PathBuf::from(base.strip_prefix("file://").unwrap()).join(uri);
        assert_eq!(file, plan().canonicalize().unwrap(), "{base} + {uri}");
    }
}

#[test]
fn a_one_line_plan_puts_findings_at_their_address_column() {
    // `terraform show -json` writes the plan on one line.
    let text = std::fs::read_to_string(plan()).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    let compact = serde_json::to_string(&doc).unwrap();
    let findings = audit_findings(&compact);
    let web = "aws_security_group.web";
    let f = findings
        .iter()
        .find(|f| f["resource"] == web)
        .expect("a finding on the security group");
    let at = compact.find(&format!("\"address\":\"{web}\"")).unwrap();
    assert_eq!(f["location"]["line"], 1);
    assert_eq!(f["location"]["column"], at as u64 + 1, "{f:#}");
}

#[test]
fn fix_refuses_a_plan_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("plan.json");
    std::fs::copy(plan(), &copy).unwrap();
    let out = run(&["fix", "--yes", "--allow-dirty"], &copy);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("plan file"));
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "{left:?}");
}

#[test]
fn a_plan_is_read_without_writing_anything() {
    // The stack a plan becomes is held in memory: a read-only container
    // (no writable temporary directory) audits it all the same, and an
    // interrupted run leaves nothing behind.
    let tmp = tempfile::tempdir().unwrap();
    let run = |tmpdir: &std::path::Path| {
        Command::new(env!("CARGO_BIN_EXE_tfready"))
            .args(["audit", "--format", "json"])
            .arg(plan())
            .env("TMPDIR", tmpdir)
            .output()
            .unwrap()
    };
    let out = run(tmp.path());
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!json(&out)["findings"].as_array().unwrap().is_empty());
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");
    let file = tmp.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    let out = run(&file.join("not-a-dir"));
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn for_each_instances_keep_their_keys() {
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(plan()).unwrap()).unwrap();
    let resources = doc["planned_values"]["root_module"]["resources"]
        .as_array_mut()
        .unwrap();
    let web = resources
        .iter()
        .find(|r| r["address"] == "aws_instance.web[0]")
        .unwrap()
        .clone();
    for key in ["a", "b"] {
        let mut r = web.clone();
        r["name"] = "keyed".into();
        r["index"] = key.into();
        r["address"] = format!("aws_instance.keyed[\"{key}\"]").into();
        resources.push(r);
    }
    let findings = audit_findings(&serde_json::to_string_pretty(&doc).unwrap());
    for key in ["a", "b"] {
        let address = format!("aws_instance.keyed[\"{key}\"]");
        assert!(
            findings
                .iter()
                .any(|f| f["rule_id"] == "TFR921" && f["resource"] == address.as_str()),
            "{address}: {findings:#?}"
        );
    }
}

#[test]
fn validate_on_a_plan_reports_only_what_apply_rejects() {
    // What `terraform show -json` writes for a planned instance: block
    // types with no blocks as `[]`, attributes of the user's provider
    // version (one tfready's schema lacks), a rendered script. Terraform
    // planned it: none of that is an error.
    let text = std::fs::read_to_string(plan()).unwrap();
    let mut doc: Value = serde_json::from_str(&text).unwrap();
    let root = &mut doc["planned_values"]["root_module"];
    for r in root["resources"].as_array_mut().unwrap() {
        if r["type"] == "aws_instance" {
            let v = &mut r["values"];
            for block in ["ebs_block_device", "network_interface", "launch_template"] {
                v[block] = Value::Array(Vec::new());
            }
            v["an_argument_of_another_provider_version"] = "x".into();
            v["user_data"] = "echo ${HOME}".into();
        }
    }
    let validate = |doc: &Value| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.json");
        std::fs::write(&path, doc.to_string()).unwrap();
        let out = run(&["validate", "--format", "json"], &path);
        (out.status.code(), json(&out)["findings"].clone())
    };
    assert_eq!(validate(&doc), (Some(0), Value::Array(Vec::new())));
    // An apply-time constraint is still found: RDS refuses a managed
    // master password together with a password.
    let db = &mut doc["planned_values"]["root_module"]["child_modules"][0]["child_modules"][0]
        ["resources"][0];
    db["values"]["manage_master_user_password"] = true.into();
    let (code, findings) = validate(&doc);
    assert_eq!(code, Some(1));
    let ids: Vec<_> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["TFV033"], "{findings:#}");
}

/// A plan of a new bucket with versioning (its `bucket` unknown until the
/// bucket exists) and an instance whose `key_name` the provider fills in;
/// `configuration` says what the user wrote, unless `with_configuration`
/// is false.
fn planned_bucket_and_instance(with_configuration: bool) -> String {
    let configuration = if with_configuration {
        r#""configuration": {"root_module": {"resources": [
            {"address": "aws_s3_bucket.logs", "expressions": {"bucket_prefix": {"constant_value": "logs-"}}},
            {"address": "aws_s3_bucket_versioning.logs", "expressions": {
                "bucket": {"references": ["aws_s3_bucket.logs.id", "aws_s3_bucket.logs"]},
                "versioning_configuration": [{"status": {"constant_value": "Enabled"}}]}},
            {"address": "aws_instance.web", "expressions": {
                "ami": {"constant_value": "ami-0123456789abcdef0"},
                "instance_type": {"constant_value": "t3.micro"}}}
        ]}},"#
    } else {
        ""
    };
    format!(
        r#"{{"format_version": "1.2", {configuration}
        "planned_values": {{"root_module": {{"resources": [
            {{"address": "aws_s3_bucket.logs", "mode": "managed", "type": "aws_s3_bucket", "name": "logs",
              "values": {{"bucket_prefix": "logs-", "force_destroy": false}}, "sensitive_values": {{}}}},
            {{"address": "aws_s3_bucket_versioning.logs", "mode": "managed", "type": "aws_s3_bucket_versioning", "name": "logs",
              "values": {{"versioning_configuration": [{{"status": "Enabled"}}]}}, "sensitive_values": {{}}}},
            {{"address": "aws_instance.web", "mode": "managed", "type": "aws_instance", "name": "web",
              "values": {{"ami": "ami-0123456789abcdef0", "instance_type": "t3.micro"}}, "sensitive_values": {{}}}}
        ]}}}},
        "resource_changes": [
            {{"address": "aws_s3_bucket.logs", "change": {{"after_unknown": {{"id": true, "bucket": true}}}}}},
            {{"address": "aws_s3_bucket_versioning.logs", "change": {{"after_unknown": {{"id": true, "bucket": true}}}}}},
            {{"address": "aws_instance.web", "change": {{"after_unknown": {{"id": true, "key_name": true}}}}}}
        ]}}"#
    )
}

#[test]
fn what_the_configuration_wrote_decides_an_unknown_attribute() {
    let rules = |text: &str| -> Vec<(String, String)> {
        audit_findings(text)
            .iter()
            .map(|f| {
                let rule = f["rule_id"].as_str().unwrap().to_string();
                (rule, f["resource"].as_str().unwrap_or("").to_string())
            })
            .collect()
    };
    let has = |found: &[(String, String)], rule: &str, resource: &str| {
        found.iter().any(|(r, a)| r == rule && a == resource)
    };
    // The versioning's `bucket` is the new bucket's id (a reference the
    // rules follow); the instance's `key_name` is not set, not unknown.
    let known = rules(&planned_bucket_and_instance(true));
    assert!(!has(&known, "TFR902", "aws_s3_bucket.logs"), "{known:?}");
    assert!(!has(&known, "TFR152", "aws_instance.web"), "{known:?}");
    // Without the configuration both stay unknown: the bucket's versioning
    // cannot be told, and the instance may log in with a key pair.
    let unknown = rules(&planned_bucket_and_instance(false));
    assert!(has(&unknown, "TFR902", "aws_s3_bucket.logs"), "{unknown:?}");
    assert!(has(&unknown, "TFR152", "aws_instance.web"), "{unknown:?}");
}

#[test]
fn a_plan_saved_by_powershell_or_under_any_name_is_read() {
    // `terraform show -json tfplan > plan.json` in Windows PowerShell
    // writes UTF-16 with a byte-order mark; other shells and editors
    // write a UTF-8 one; CI scripts name the file as they like.
    let text = std::fs::read_to_string(plan()).unwrap();
    let findings = |bytes: Vec<u8>, name: &str| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = run(&["audit", "--format", "json"], &path);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut found: Vec<String> = json(&out)["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                format!(
                    "{} {} {}",
                    f["rule_id"], f["resource"], f["location"]["line"]
                )
            })
            .collect();
        found.sort();
        found
    };
    let utf8 = findings(text.clone().into_bytes(), "plan.json");
    assert!(!utf8.is_empty());
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    assert_eq!(findings(utf16, "plan.json"), utf8);
    let marked = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
    assert_eq!(findings(marked, "plan.JSON"), utf8);
    assert_eq!(findings(text.into_bytes(), "tfplan.out"), utf8);
}

#[test]
fn cost_names_every_resource_as_the_plan_does() {
    // Lines, missing prices, notes and the phase table alike: none names
    // the stack the plan was read as (`web__0` for `web[0]`).
    let doc = json(&tfready(&["cost", "--format", "json"]));
    fn strings<'v>(v: &'v Value, out: &mut Vec<&'v str>) {
        match v {
            Value::String(s) => out.push(s),
            Value::Array(items) => items.iter().for_each(|i| strings(i, out)),
            Value::Object(map) => map.values().for_each(|i| strings(i, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    strings(&doc, &mut all);
    let synthetic: Vec<_> = all
        .iter()
        .filter(|s| s.contains("web__") || s.contains("this__"))
        .collect();
    assert!(synthetic.is_empty(), "{synthetic:#?}");
    assert!(all.iter().any(|s| s.contains("aws_instance.web[0]")));
    assert!(doc["phases"].is_object(), "the phase table is printed");
}

#[test]
fn two_plans_of_the_same_stack_compare_unchanged() {
    // Both sides are named as the plans name them: a resource is matched
    // with itself, not reported removed and added.
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("after.json");
    std::fs::copy(plan(), &other).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_tfready"))
        .args(["cost"])
        .arg(plan())
        .arg("--compare")
        .arg(&other)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("lines unchanged"), "{text}");
    assert!(!text.contains("__0"), "{text}");
    // A resource's line is placed on the plan file's own lines.
    let doc = json(&tfready(&["cost", "--format", "json", "--no-phases"]));
    let items = doc["estimate"]["items"].as_array().unwrap();
    let web = items
        .iter()
        .find(|i| i["address"] == "aws_instance.web[0]")
        .expect("the instance is priced");
    let line = line_of("\"address\": \"aws_instance.web[0]\"");
    assert_eq!(web["location"], format!("plan.json:{line}"));
}
