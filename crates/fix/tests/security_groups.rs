//! Security-group edits keep Terraform's attribute-as-blocks semantics in
//! mind: an absent `ingress`/`egress` means "no opinion", so removing the
//! last inline rule must say `[]` or the rule stays open in AWS.

use tfready_fix::{apply, plan, FixOptions};
use tfready_model::{LoadOptions, Project};

const STACK: &str = r#"
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_security_group" "bastion" {
  name        = "bastion"
  description = "SSH only"
  vpc_id      = aws_vpc.main.id

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

# An app port open to the world: the gap (TFR131) whose fix also takes the
# database group's egress.
resource "aws_security_group" "app" {
  name        = "app"
  description = "app"
  vpc_id      = aws_vpc.main.id

  ingress {
    from_port   = 8080
    to_port     = 8080
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "db" {
  name        = "db"
  description = "database"
  vpc_id      = aws_vpc.main.id

  ingress {
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.bastion.id]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_db_instance" "db" {
  identifier             = "db"
  engine                 = "postgres"
  instance_class         = "db.t3.micro"
  allocated_storage      = 20
  vpc_security_group_ids = [aws_security_group.db.id]
}
"#;

fn fixed(rules: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), STACK).unwrap();
    let opts = FixOptions {
        rules: rules.iter().map(|r| r.to_string()).collect(),
        ..FixOptions::default()
    };
    let project = Project::load(dir.path(), &LoadOptions::default()).unwrap();
    let fix = plan(&project, &opts);
    apply(dir.path(), &fix.changes).unwrap();
    let text = std::fs::read_to_string(dir.path().join("main.tf")).unwrap();
    // Converges: a second run over the result changes nothing.
    let again = plan(
        &Project::load(dir.path(), &LoadOptions::default()).unwrap(),
        &opts,
    );
    assert!(again.changes.is_empty(), "second run: {:?}", again.done);
    text
}

fn block<'a>(text: &'a str, header: &str) -> &'a str {
    let start = text.find(header).unwrap();
    let end = text[start..].find("\n}\n").unwrap();
    &text[start..start + end]
}

#[test]
fn removing_the_last_ssh_rule_revokes_it_with_an_empty_list() {
    let text = fixed(&["TFR151"]);
    let bastion = block(&text, "resource \"aws_security_group\" \"bastion\"");
    assert!(!bastion.contains("  ingress {"), "{bastion}");
    assert!(bastion.contains("  ingress = []"), "{bastion}");
    assert!(bastion.contains("# tfready: removed ingress"), "{bastion}");
}

#[test]
fn the_database_group_loses_its_world_egress_and_keeps_its_ingress() {
    let text = fixed(&["TFR131"]);
    let db = block(&text, "resource \"aws_security_group\" \"db\"");
    assert!(db.contains("  egress = []"), "{db}");
    assert!(!db.contains("  egress {"), "{db}");
    assert!(db.contains("from_port       = 5432"), "{db}");
}
