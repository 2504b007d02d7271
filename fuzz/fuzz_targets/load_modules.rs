//! Several files of arbitrary bytes in a root that calls two local
//! modules (one calls the other, with count and for_each), so inputs,
//! outputs and instances cross module boundaries.
#![no_main]
use libfuzzer_sys::fuzz_target;

mod common;

const ROOT_CALLS: &str = r#"
module "a" {
  source = "./modules/a"
  count  = 2
  name   = "a${count.index}"
}

module "b" {
  source   = "./modules/b"
  for_each = toset(["x", "y"])
  name     = each.key
}
"#;

const A_CALLS: &str = r#"
variable "name" {
  default = "a"
}

module "inner" {
  source = "../b"
  name   = var.name
}

output "name" {
  value = module.inner.name
}
"#;

const B_VARS: &str = r#"
variable "name" {
  default = "b"
}

output "name" {
  value = var.name
}
"#;

fuzz_target!(|data: &[u8]| {
    if common::skipped(data) {
        return;
    }
    // Chunks separated by 0xFF (never in UTF-8): root, a, b, tfvars.
    let mut parts = data.split(|&b| b == 0xFF);
    let dir = common::scratch();
    let root = dir.path();
    common::write(root, "calls.tf", ROOT_CALLS.as_bytes());
    common::write(root, "modules/a/calls.tf", A_CALLS.as_bytes());
    common::write(root, "modules/b/vars.tf", B_VARS.as_bytes());
    for rel in [
        "main.tf",
        "modules/a/main.tf",
        "modules/b/main.tf",
        "terraform.tfvars",
    ] {
        if let Some(bytes) = parts.next() {
            common::write(root, rel, bytes);
        }
    }
    common::audit_and_validate(root);
});
