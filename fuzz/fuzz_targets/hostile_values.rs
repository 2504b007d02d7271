//! Arbitrary strings in every value a user writes (variable defaults,
//! tfvars, tags, names, descriptions, user data), through audit in every
//! format, validate, cost and `fix`: nothing panics, and every output parses
//! in its own format (JSON and SARIF as JSON, JUnit as XML, Markdown tables
//! keep their columns, the Terraform fix writes parses again).
#![no_main]
use libfuzzer_sys::fuzz_target;
use tfready_fix::{hcl_string as hcl, plan, FixOptions};
use tfready_model::{LoadOptions, Project};
use tfready_report::{
    render_junit, render_markdown, write_json, write_sarif, write_terminal, Report, Roadmap,
};
use tfready_rules::{audit, Config, Severity};

mod common;

/// One line of a heredoc script holding `s` (no line break, no template).
fn script_line(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .replace("${", "$${")
        .replace("%{", "%%{")
}

fuzz_target!(|data: &[u8]| {
    if common::skipped(data) {
        return;
    }
    let text = String::from_utf8_lossy(data);
    let parts: Vec<&str> = text.split('\u{1f}').collect();
    let v = |i: usize| parts[i % parts.len()];
    let main = format!(
        r#"variable "project_name" {{
  type    = string
  default = {p}
}}

variable "environment" {{
  type    = string
  default = {e}
}}

variable "db_password" {{
  type        = string
  description = {d}
}}

variable "tags" {{
  type    = map(string)
  default = {{ Owner = {o}, Team = {t} }}
}}

resource "aws_s3_bucket" "data" {{
  bucket = "${{var.project_name}}-data"
  tags   = var.tags
}}

resource "aws_security_group" "web" {{
  name        = {n}
  description = {d}

  ingress {{
    description = {t}
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }}
}}

resource "aws_instance" "web" {{
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  key_name      = {n}
  user_data     = <<-EOT
    #!/bin/bash
    echo {u}
    docker run -d --name redis -p 6379:6379 redis:7
  EOT

  tags = {{ Name = {n} }}
}}

resource "aws_db_instance" "db" {{
  identifier        = {n}
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  username          = "app"
  password          = var.db_password
}}
"#,
        p = hcl(v(0)),
        e = hcl(v(1)),
        d = hcl(v(2)),
        o = hcl(v(3)),
        t = hcl(v(4)),
        n = hcl(v(5)),
        u = script_line(v(6)),
    );
    let dir = common::scratch();
    common::write(dir.path(), "main.tf", main.as_bytes());
    common::write(
        dir.path(),
        "terraform.tfvars",
        format!("db_password = {}\n", hcl(v(7))).as_bytes(),
    );
    let Ok(project) = Project::load(dir.path(), &LoadOptions::default()) else {
        return;
    };
    let result = audit(&project, &Config::default());
    let report = Report {
        command: "audit",
        project: &project,
        result: &result,
        environment: None,
        fail_on: Severity::High,
    };
    let mut json = Vec::new();
    write_json(&report, &mut json).expect("json");
    serde_json::from_slice::<serde_json::Value>(&json).expect("the JSON report parses");
    let mut sarif = Vec::new();
    write_sarif(&report, &mut sarif).expect("sarif");
    serde_json::from_slice::<serde_json::Value>(&sarif).expect("the SARIF report parses");
    let junit = render_junit(&report);
    for token in xmlparser::Tokenizer::from(junit.as_str()) {
        token.expect("the JUnit report is well-formed XML");
    }
    let md = render_markdown(&report, &Roadmap::default());
    // Every table keeps its header's column count.
    let mut columns = None;
    for line in md.lines() {
        if line.starts_with('|') {
            let n = line.replace("\\|", "").matches('|').count();
            let want = *columns.get_or_insert(n);
            assert_eq!(n, want, "a Markdown table row lost its shape: {line}");
        } else {
            columns = None;
        }
    }
    let mut term = Vec::new();
    write_terminal(&report, false, false, &mut term).expect("terminal");
    let _ = tfready_validate::validate(&project);
    let _ = tfready_cost::estimate(
        &project,
        tfready_cost::PriceList::embedded(),
        &tfready_cost::Usage::defaults(),
    );
    let fix = plan(&project, &FixOptions::default());
    for c in &fix.changes {
        if c.path.ends_with(".tf") || c.path.ends_with(".tfvars") {
            if let Err(e) = tfready_model::hcl_edit::parser::parse_body(&c.after) {
                panic!("fix wrote {} that does not parse: {e}\n{}", c.path, c.after);
            }
        }
    }
});
