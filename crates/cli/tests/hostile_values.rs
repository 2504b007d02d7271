//! Values a user writes that are hostile to what tfready writes: quotes,
//! backslashes, template markers, newlines, markup, table pipes and CDATA
//! ends in names, defaults, tfvars, tags and user data. Every writer keeps
//! them as data: the Terraform and tfvars fix writes parse, and JSON,
//! SARIF, JUnit and Markdown reports parse with the value intact. (The
//! shell edits are tested in crates/rules/tests/shell_hostile.rs.)

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn tfready(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tfready"))
        .args(args)
        .arg(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("runs")
}

/// A stack whose values are hostile to every output language.
fn hostile() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        r#"variable "project_name" {
  type    = string
  default = "acme\"web"
}

variable "environment" {
  type    = string
  default = "prod"
}

variable "owner" {
  type    = string
  default = "ops \\ \"team\" $${x} %%{y}"
}

resource "aws_s3_bucket" "data" {
  bucket = "${var.project_name}-data"
  tags   = { Owner = var.owner }
}

resource "aws_instance" "web" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  key_name      = "k|</script>]]>&<x>"
  user_data     = <<-EOT
    #!/bin/bash
    echo "it's a 'quoted' \$HOME; rm -rf /tmp/x" # don't
    docker run -d --name redis -p 6379:6379 redis:7
  EOT
}
"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("terraform.tfvars"),
        "owner = \"line one\\nline two \\\"q\\\"\"\n",
    )
    .unwrap();
    dir
}

#[test]
fn fix_writes_terraform_tfvars_and_shell_that_parse() {
    let dir = hostile();
    let out = tfready(dir.path(), &["fix", "--phase", "all", "--allow-dirty"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Everything written loads without a parse error.
    let out = tfready(dir.path(), &["validate", "--format", "json"]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let parse: Vec<&Value> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert!(parse.is_empty(), "{parse:#?}");
    // The environment files keep the tfvars value exactly.
    for entry in std::fs::read_dir(dir.path().join("environments")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        tfready_model::hcl_edit::parser::parse_body(&text).expect("tfvars parse");
    }
}

#[test]
fn reports_keep_markup_pipes_and_cdata_ends_as_data() {
    let dir = hostile();
    let value = "k|</script>]]>&<x>";
    let json = tfready(dir.path(), &["audit", "--format", "json"]);
    let doc: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["message"].as_str().unwrap_or("").contains(value)),
        "the value reaches a finding intact"
    );
    let sarif = tfready(dir.path(), &["audit", "--format", "sarif"]);
    let doc: Value = serde_json::from_slice(&sarif.stdout).unwrap();
    assert!(doc["runs"][0]["results"].to_string().contains("</script>"));

    let junit =
        String::from_utf8(tfready(dir.path(), &["audit", "--format", "junit"]).stdout).unwrap();
    for token in xmlparser::Tokenizer::from(junit.as_str()) {
        token.unwrap_or_else(|e| panic!("JUnit is not well-formed XML: {e}"));
    }
    assert!(!junit.contains("</script>"), "markup escaped in XML");
    assert!(junit.contains("&lt;/script&gt;"));

    let md =
        String::from_utf8(tfready(dir.path(), &["audit", "--format", "markdown"]).stdout).unwrap();
    let mut columns = None;
    for line in md.lines() {
        if line.starts_with('|') {
            let n = line.replace("\\|", "").matches('|').count();
            assert_eq!(
                n,
                *columns.get_or_insert(n),
                "table row lost its shape: {line}"
            );
        } else {
            columns = None;
        }
    }
}

/// Found by the `hostile_values` fuzz target: a secret holding a quote was
/// redacted in the JSON text as written raw, cutting a string of the
/// document open (`"…sensiti***,`). Secrets are now matched as each format
/// encodes them.
#[test]
fn a_secret_with_a_quote_is_redacted_without_breaking_the_reports() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        "variable \"db_password\" {\n  type = string\n}\n\nresource \"aws_db_instance\" \"db\" {\n  identifier        = \"orders\"\n  engine            = \"postgres\"\n  instance_class    = \"db.t3.micro\"\n  allocated_storage = 20\n  username          = \"app\"\n  password          = var.db_password\n}\n",
    )
    .unwrap();
    // Three characters ending in a quote: `sensitive",` holds them raw.
    std::fs::write(
        dir.path().join("terraform.tfvars"),
        "db_password = \"ve\\\"\"\n",
    )
    .unwrap();
    for format in ["json", "sarif"] {
        let out = tfready(dir.path(), &["audit", "--format", format]);
        let doc: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{format} does not parse: {e}"));
        // A string value holding the secret would show as `ve\"` here.
        assert!(
            !doc.to_string().contains("ve\\\""),
            "{format} shows the secret"
        );
    }
    let junit =
        String::from_utf8(tfready(dir.path(), &["audit", "--format", "junit"]).stdout).unwrap();
    for token in xmlparser::Tokenizer::from(junit.as_str()) {
        token.unwrap_or_else(|e| panic!("JUnit is not well-formed XML: {e}"));
    }
    assert!(!junit.contains("ve&quot;"), "JUnit shows the secret");
}
