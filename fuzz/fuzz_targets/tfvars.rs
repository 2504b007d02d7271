//! Variable files of arbitrary bytes (HCL and JSON) for a stack that
//! declares typed and sensitive variables.
#![no_main]
use libfuzzer_sys::fuzz_target;

mod common;

const VARS: &str = r#"
variable "environment" {
  type = string
}

variable "tags" {
  type    = map(string)
  default = {}
}

variable "ports" {
  type    = list(number)
  default = [80]
}

variable "db_password" {
  type      = string
  sensitive = true
  default   = null
}

resource "aws_security_group" "app" {
  name = "app-${var.environment}"
  tags = var.tags

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
"#;

fuzz_target!(|data: &[u8]| {
    if common::skipped(data) {
        return;
    }
    let Some((&kind, text)) = data.split_first() else {
        return;
    };
    let name = match kind % 3 {
        0 => "terraform.tfvars",
        1 => "terraform.tfvars.json",
        _ => "x.auto.tfvars",
    };
    let dir = common::scratch();
    common::write(dir.path(), "main.tf", VARS.as_bytes());
    common::write(dir.path(), name, text);
    common::audit_and_validate(dir.path());
});
