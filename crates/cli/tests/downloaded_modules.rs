//! A stack after `terraform init`: registry modules read from
//! `.terraform/modules/modules.json`, findings inside them reported at the
//! user's module call arguments (the module's own line as a related
//! location), a misspelt module argument caught, what the modules create
//! priced, and `fix` editing the module call, never `.terraform/`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/downloaded")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// The stack with its `.terraform/` in place.
fn initialised() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture().join("stack"), dir.path());
    copy_dir(
        &fixture().join("dot-terraform"),
        &dir.path().join(".terraform"),
    );
    dir
}

fn tfready(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tfready"))
        .args(args)
        .arg(dir)
        .output()
        .expect("runs")
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
}

/// The line of the root's main.tf that holds `needle`.
fn line_of(dir: &Path, needle: &str) -> u64 {
    let text = std::fs::read_to_string(dir.join("main.tf")).unwrap();
    text.lines().position(|l| l.contains(needle)).expect(needle) as u64 + 1
}

#[test]
fn findings_inside_downloaded_modules_point_at_the_module_call() {
    let dir = initialised();
    let doc = json(&tfready(dir.path(), &["audit", "--format", "json"]));
    let at = |rule: &str| -> Vec<(String, u64, Vec<String>)> {
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule_id"] == rule)
            .map(|f| {
                (
                    f["location"]["file"].as_str().unwrap().to_string(),
                    f["location"]["line"].as_u64().unwrap(),
                    f["related"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|r| r["location"]["file"].as_str().unwrap_or("").to_string())
                        .collect(),
                )
            })
            .collect()
    };
    let rules_line = line_of(dir.path(), "ingress_with_cidr_blocks = [");
    for (rule, line, inside) in [
        ("TFR151", rules_line, ".terraform/modules/web_sg/main.tf"),
        ("TFR131", rules_line, ".terraform/modules/web_sg/main.tf"),
        (
            "TFR911",
            line_of(dir.path(), "storage_encrypted       = false"),
            ".terraform/modules/db/modules/db_instance/main.tf",
        ),
        (
            "TFR913",
            line_of(dir.path(), "backup_retention_period = 1"),
            ".terraform/modules/db/modules/db_instance/main.tf",
        ),
    ] {
        let found = at(rule);
        assert!(
            found
                .iter()
                .any(|(f, l, rel)| f == "main.tf" && *l == line && rel.iter().any(|r| r == inside)),
            "{rule}: {found:?}"
        );
    }
    // No finding is left pointing into .terraform/.
    for f in doc["findings"].as_array().unwrap() {
        assert!(
            !f["location"]["file"]
                .as_str()
                .unwrap()
                .starts_with(".terraform/"),
            "{f}"
        );
    }
}

#[test]
fn a_suppression_on_the_module_call_covers_its_module() {
    let dir = initialised();
    let main = dir.path().join("main.tf");
    let text = std::fs::read_to_string(&main).unwrap().replace(
        "module \"db\" {",
        "# tfready:ignore rds-storage-unencrypted the orders data is public\nmodule \"db\" {",
    );
    std::fs::write(&main, text).unwrap();
    let doc = json(&tfready(dir.path(), &["audit", "--format", "json"]));
    assert!(!doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule_id"] == "TFR911"));
    assert_eq!(doc["summary"]["suppressed"], 1);
}

#[test]
fn validate_flags_a_misspelt_module_argument() {
    let dir = initialised();
    let doc = json(&tfready(dir.path(), &["validate", "--format", "json"]));
    let line = line_of(dir.path(), "deletion_protectoin");
    assert!(
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["slug"] == "module-unknown-input" && f["location"]["line"] == line),
        "{doc}"
    );
}

#[test]
fn cost_prices_what_the_modules_create() {
    let dir = initialised();
    let doc = json(&tfready(
        dir.path(),
        &["cost", "--format", "json", "--no-phases"],
    ));
    let items = doc["estimate"]["items"].as_array().unwrap();
    for address in [
        "module.web.aws_instance.this",
        "module.db.module.db_instance.aws_db_instance.this",
    ] {
        let item = items
            .iter()
            .find(|i| i["address"] == address)
            .unwrap_or_else(|| panic!("{address} not priced: {items:#?}"));
        assert!(item["monthly_usd"].as_f64().unwrap_or(0.0) > 10.0, "{item}");
    }
}

#[test]
fn fix_edits_the_module_call_and_nothing_downloaded() {
    let dir = initialised();
    let snapshot = |dir: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        let mut out = Vec::new();
        let mut stack = vec![dir.join(".terraform")];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    out.push((p.clone(), std::fs::read(&p).unwrap()));
                }
            }
        }
        out.sort();
        out
    };
    let before = snapshot(dir.path());
    let out = tfready(dir.path(), &["fix", "--phase", "all", "--allow-dirty"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(snapshot(dir.path()), before, ".terraform/ changed");
    let main = std::fs::read_to_string(dir.path().join("main.tf")).unwrap();
    assert!(main.contains("backup_retention_period = 7"), "{main}");
    let doc = json(&tfready(dir.path(), &["audit", "--format", "json"]));
    assert!(!doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule_id"] == "TFR913"));
}
