//! Shapes of stacks `fix` must not misread: security-group permissions in
//! lists and dynamic blocks edited by more than one fix, rule resources
//! other blocks name, a module of the user's with the name of one of
//! tfready's.

use std::path::Path;

use tfready_fix::{apply, plan, FixOptions};
use tfready_model::{LoadOptions, Project};

fn fixed(files: &[(&str, &str)], rules: &[&str]) -> (tempfile::TempDir, tfready_fix::FixPlan) {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let opts = FixOptions {
        rules: rules.iter().map(|r| r.to_string()).collect(),
        ..FixOptions::default()
    };
    let fix = plan(&load(dir.path()), &opts);
    apply(dir.path(), &fix.changes).unwrap();
    let again = plan(&load(dir.path()), &opts);
    assert!(again.changes.is_empty(), "second run: {:?}", again.done);
    (dir, fix)
}

fn load(dir: &Path) -> Project {
    Project::load(dir, &LoadOptions::default()).unwrap()
}

fn read(dir: &tempfile::TempDir, path: &str) -> String {
    std::fs::read_to_string(dir.path().join(path)).unwrap()
}

const RULE: &str = r#"protocol = "tcp", cidr_blocks = ["0.0.0.0/0"], description = "", ipv6_cidr_blocks = [], prefix_list_ids = [], security_groups = [], self = false"#;

#[test]
fn list_elements_removed_by_two_fixes_are_the_right_ones() {
    let tf = format!(
        "resource \"aws_security_group\" \"web\" {{\n  name = \"web\"\n  ingress = [\n    {{ from_port = 3000, to_port = 3000, {RULE} }},\n    {{ from_port = 22, to_port = 22, {RULE} }},\n    {{ from_port = 443, to_port = 443, {RULE} }},\n  ]\n}}\n"
    );
    let (dir, _) = fixed(&[("main.tf", &tf)], &["TFR131", "TFR151"]);
    let text = read(&dir, "main.tf");
    assert!(text.contains("from_port = 443"), "{text}");
    assert!(!text.contains("from_port = 22"), "{text}");
    assert!(!text.contains("from_port = 3000"), "{text}");
}

#[test]
fn dynamic_lists_and_sets_are_filtered_by_value() {
    let tf = r#"
resource "aws_security_group" "list" {
  name = "list"
  dynamic "ingress" {
    for_each = [8080, 22, 443]
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}

resource "aws_security_group" "set" {
  name = "set"
  dynamic "ingress" {
    for_each = toset([22, 9000, 443])
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}
"#;
    let (dir, _) = fixed(&[("main.tf", tf)], &["TFR131", "TFR151"]);
    let p = load(dir.path());
    let ports: Vec<String> = tfready_rules::ingress::ingress_permissions(&p)
        .iter()
        .map(|i| format!("{} {:?}", i.resource().resource.name, i.from_port))
        .collect();
    assert_eq!(
        ports,
        ["list Some(443.0)", "set Some(443.0)"],
        "{}",
        read(&dir, "main.tf")
    );
}

#[test]
fn a_rule_resource_something_names_is_left_and_reported() {
    let tf = r#"
resource "aws_security_group" "web" {
  name = "web"
}

resource "aws_vpc_security_group_ingress_rule" "ssh" {
  security_group_id = aws_security_group.web.id
  from_port         = 22
  to_port           = 22
  ip_protocol       = "tcp"
  cidr_ipv4         = "0.0.0.0/0"
}

output "ssh_rule" {
  value = aws_vpc_security_group_ingress_rule.ssh.id
}
"#;
    let (dir, fix) = fixed(&[("main.tf", tf)], &["TFR151"]);
    assert!(
        read(&dir, "main.tf").contains("resource \"aws_vpc_security_group_ingress_rule\" \"ssh\"")
    );
    assert!(
        fix.next_steps.iter().any(|s| s.contains("aws_vpc_security_group_ingress_rule.ssh") && s.contains("by hand")),
        "{:?}",
        fix.next_steps
    );
}

#[test]
fn a_users_module_named_like_tfreadys_is_not_taken_for_it() {
    let main = r#"
provider "aws" {
  region = "eu-west-3"
}

module "monitoring" {
  source = "./modules/monitoring"
  name   = "mine"
}

resource "aws_instance" "app" {
  ami           = "ami-12345678"
  instance_type = "t3.small"
}
"#;
    let mine = "variable \"name\" {\n  type = string\n}\n";
    let (dir, fix) = fixed(
        &[("main.tf", main), ("modules/monitoring/main.tf", mine)],
        &["TFR051"],
    );
    assert_eq!(read(&dir, "modules/monitoring/main.tf"), mine);
    assert!(!dir.path().join("modules/monitoring/versions.tf").exists());
    assert!(!read(&dir, "main.tf").contains("module.monitoring."));
    assert!(
        fix.next_steps
            .iter()
            .any(|s| s.contains("module of its own named `monitoring`")),
        "{:?}",
        fix.next_steps
    );
}

#[test]
fn hostile_names_do_not_break_what_fix_writes() {
    let tf = r#"
variable "project_name" {
  type    = string
  default = "acme\"web"
}

provider "aws" {
  region = "eu-west-1"
}

resource "aws_s3_bucket" "b" {
  bucket = "x-bucket-123"
}
"#;
    let (dir, fix) = fixed(&[("main.tf", tf)], &[]);
    let text = read(&dir, "main.tf");
    assert!(
        text.contains("bucket       = \"acme-web-terraform-state-eu-west-1\""),
        "{text}"
    );
    assert!(fix.done.iter().any(|d| d.contains("S3 backend")));
    // What was written parses again.
    assert!(tfready_model::hcl_edit::parser::parse_body(&text).is_ok());
}
