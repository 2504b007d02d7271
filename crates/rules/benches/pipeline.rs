//! Micro-benchmarks of the pipeline's stages on the embedded example and
//! on a synthetic stack of many module instances: loading + evaluating the
//! model, the rule pass, and evaluating one resource's attributes.
//!
//! `cargo bench -p tfready-rules`. Whole-run numbers against the parse floor
//! and checkov come from scripts/bench.sh (bench/RESULTS.md).

use std::path::{Path, PathBuf};

use tfready_model::{LoadOptions, Project};
use tfready_rules::{audit, Config};

fn main() {
    divan::main();
}

fn example() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/huron-pmo")
}

/// A root calling one module 200 times through for_each, each instance
/// with a security group, a bucket and an instance: evaluation across
/// many instances of one module.
fn wide_stack() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("modules/svc")).unwrap();
    std::fs::write(
        root.join("main.tf"),
        "module \"svc\" {\n  source   = \"./modules/svc\"\n  for_each = toset([for i in range(200) : \"s${i}\"])\n  name     = each.key\n  ports    = [80, 443, 8080]\n}\n",
    )
    .unwrap();
    std::fs::write(
        root.join("modules/svc/main.tf"),
        r#"variable "name" {}
variable "ports" {}
locals {
  prefix = "app-${var.name}"
}
resource "aws_security_group" "this" {
  name = local.prefix
  dynamic "ingress" {
    for_each = var.ports
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}
resource "aws_s3_bucket" "this" {
  bucket = "${local.prefix}-data"
}
resource "aws_instance" "this" {
  ami                    = "ami-123"
  instance_type          = "t3.micro"
  vpc_security_group_ids = [aws_security_group.this.id]
}
"#,
    )
    .unwrap();
    dir
}

fn load(path: &Path) -> Project {
    Project::load(path, &LoadOptions::default()).unwrap()
}

#[divan::bench]
fn load_example(b: divan::Bencher) {
    let path = example();
    b.bench(|| load(&path));
}

#[divan::bench]
fn audit_example(b: divan::Bencher) {
    let project = load(&example());
    let config = Config::default();
    b.bench(|| audit(&project, &config));
}

#[divan::bench]
fn load_wide_stack(b: divan::Bencher) {
    let dir = wide_stack();
    b.bench(|| load(dir.path()));
}

#[divan::bench]
fn audit_wide_stack(b: divan::Bencher) {
    let dir = wide_stack();
    let project = load(dir.path());
    let config = Config::default();
    b.bench(|| audit(&project, &config));
}

#[divan::bench]
fn evaluate_every_attribute(b: divan::Bencher) {
    let dir = wide_stack();
    let project = load(dir.path());
    b.bench(|| {
        let mut n = 0usize;
        for r in project.resources() {
            for a in r.resource.block.body.attributes() {
                n += r.eval(a.key.as_str()).is_some() as usize;
            }
        }
        n
    });
}
