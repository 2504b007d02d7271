//! What Terraform accepts, tfready accepts: one minimal reproduction per
//! class of false "plan fails" found on public Terraform, and `--schema`
//! with a schema file in the `terraform providers schema -json` format.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn validate(dir: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tfready"))
        .arg("validate")
        .arg(dir)
        .args(["--format", "json"])
        .args(extra)
        .output()
        .expect("runs")
}

fn stack(main_tf: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), main_tf).unwrap();
    dir
}

/// (code, severity) of each finding, and the diagnostics.
fn report(out: &Output) -> (Vec<(String, String)>, Vec<Value>) {
    let doc: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(doc["command"], "validate");
    let findings = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["slug"].as_str().unwrap_or_default().to_string(),
                f["severity"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    (
        findings,
        doc["diagnostics"].as_array().cloned().unwrap_or_default(),
    )
}

fn clean(main_tf: &str) {
    let dir = stack(main_tf);
    let out = validate(dir.path(), &[]);
    let (findings, diagnostics) = report(&out);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    assert!(findings.is_empty(), "{findings:?}");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_conditional_broken_after_its_colon_inside_an_object_for_parses() {
    clean(
        r#"variable "names" {
  type    = list(string)
  default = ["a"]
}
locals {
  cased = { for n in var.names : n => length(n) > 3 ? upper(n) :
    lower(n)
  }
}
output "cased" {
  value = local.cased
}
"#,
    );
}

#[test]
fn an_object_key_given_twice_parses() {
    clean(
        r#"resource "aws_s3_bucket" "logs" {
  bucket = "logs-example"
  tags = {
    Team = "a"
    Team = "b"
  }
}
"#,
    );
}

#[test]
fn the_iterator_of_a_dynamic_block_in_a_provider_is_declared() {
    clean(
        r#"variable "roles" {
  type    = list(string)
  default = []
}
provider "aws" {
  region = "eu-west-1"
  dynamic "assume_role" {
    for_each = var.roles
    content {
      role_arn = assume_role.value
    }
  }
}
"#,
    );
}

#[test]
fn dynamic_blocks_nest_and_rename_their_iterator() {
    clean(
        r#"variable "rules" {
  type    = list(object({ port = number, cidrs = list(string) }))
  default = [{ port = 443, cidrs = ["10.0.0.0/8"] }]
}
resource "aws_security_group" "sg" {
  name = "web"
  dynamic "ingress" {
    for_each = var.rules
    iterator = rule
    content {
      from_port   = rule.value.port
      to_port     = rule.value.port
      protocol    = "tcp"
      cidr_blocks = rule.value.cidrs
    }
  }
}
resource "aws_launch_template" "lt" {
  name = "lt"
  dynamic "block_device_mappings" {
    for_each = { root = "/dev/xvda" }
    content {
      device_name = block_device_mappings.value
      dynamic "ebs" {
        for_each = [block_device_mappings.key]
        content {
          volume_size = 20
          encrypted   = ebs.value == "root"
        }
      }
    }
  }
}
"#,
    );
}

#[test]
fn a_null_default_for_an_optional_argument_is_not_a_value() {
    clean(
        r#"variable "service_ipv6_cidr" {
  type    = string
  default = null
}
resource "aws_eks_cluster" "this" {
  name     = "demo"
  role_arn = "arn:aws:iam::123456789012:role/eks"
  vpc_config {
    subnet_ids = ["subnet-1", "subnet-2"]
  }
  kubernetes_network_config {
    service_ipv6_cidr = var.service_ipv6_cidr
  }
}
"#,
    );
}

const NEWER: &str = r#"terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 99.1"
    }
  }
}
resource "aws_instance" "web" {
  ami                 = "ami-12345678"
  instance_type       = "t3.micro"
  argument_of_99_1    = true
}
"#;

#[test]
fn an_unknown_argument_under_a_newer_provider_is_a_warning_that_says_why() {
    let dir = stack(NEWER);
    let out = validate(dir.path(), &[]);
    let (findings, _) = report(&out);
    assert!(
        findings.contains(&("unknown-argument".into(), "medium".into())),
        "{findings:?}"
    );
    assert!(
        findings.contains(&("provider-newer-than-schema".into(), "medium".into())),
        "{findings:?}"
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "warnings do not fail by default"
    );
    // The same stack with no newer requirement: an error.
    let dir = stack(&NEWER.replace(">= 99.1", ">= 6.0"));
    let (findings, _) = report(&validate(dir.path(), &[]));
    assert_eq!(
        findings,
        [("unknown-argument".to_string(), "high".to_string())]
    );
}

#[test]
fn a_lock_file_pinning_a_newer_provider_softens_the_same_way() {
    let dir = stack(&NEWER.replace(">= 99.1", ">= 6.0"));
    std::fs::write(
        dir.path().join(".terraform.lock.hcl"),
        "provider \"registry.terraform.io/hashicorp/aws\" {\n  version     = \"99.2.0\"\n  constraints = \">= 6.0\"\n}\n",
    )
    .unwrap();
    let (findings, _) = report(&validate(dir.path(), &[]));
    assert!(
        findings.contains(&("unknown-argument".into(), "medium".into())),
        "{findings:?}"
    );
}

/// A schema for two resources, as `terraform providers schema -json` writes it.
const SCHEMA: &str = r#"{
  "format_version": "1.0",
  "provider_schemas": {
    "registry.terraform.io/hashicorp/aws": {
      "provider": {"version": 0, "block": {"attributes": {"region": {"type": "string", "optional": true}}}},
      "resource_schemas": {
        "aws_instance": {"version": 1, "block": {
          "attributes": {
            "id": {"type": "string", "optional": true, "computed": true},
            "arn": {"type": "string", "computed": true},
            "ami": {"type": "string", "optional": true, "computed": true},
            "instance_type": {"type": "string", "optional": true, "computed": true},
            "argument_of_99_1": {"type": "bool", "optional": true},
            "tags": {"type": ["map", "string"], "optional": true}
          },
          "block_types": {"metadata_options": {"nesting_mode": "list", "max_items": 1,
            "block": {"attributes": {"http_tokens": {"type": "string", "optional": true, "computed": true}}}}}
        }},
        "aws_s3_bucket": {"version": 0, "block": {
          "attributes": {
            "bucket": {"type": "string", "required": true},
            "arn": {"type": "string", "computed": true}
          }
        }}
      },
      "data_source_schemas": {}
    }
  }
}"#;

#[test]
fn validate_checks_against_the_schema_the_user_gives() {
    let dir = stack(&NEWER.replace(">= 99.1", ">= 6.0"));
    let schema = dir.path().join("aws-schema.json");
    std::fs::write(&schema, SCHEMA).unwrap();
    let schema = schema.to_str().unwrap();
    // The argument the embedded schema does not know, this one does.
    let (findings, _) = report(&validate(dir.path(), &["--schema", schema]));
    assert!(findings.is_empty(), "{findings:?}");
    // And what this schema does not know is reported against it.
    std::fs::write(
        dir.path().join("bucket.tf"),
        "resource \"aws_s3_bucket\" \"b\" {\n  versioning_of_old = true\n}\n",
    )
    .unwrap();
    let (findings, _) = report(&validate(dir.path(), &["--schema", schema]));
    assert!(
        findings.contains(&("unknown-argument".into(), "high".into())),
        "{findings:?}"
    );
    assert!(
        findings.contains(&("missing-required-argument".into(), "high".into())),
        "{findings:?}"
    );
    // A file that is not a schema: exit 2, naming it.
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{}").unwrap();
    let out = validate(dir.path(), &["--schema", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.json"));
}
