//! One file of arbitrary bytes, as HCL or JSON Terraform.
#![no_main]
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    if common::skipped(data) {
        return;
    }
    let Some((&kind, text)) = data.split_first() else {
        return;
    };
    let name = if kind % 2 == 0 { "main.tf" } else { "main.tf.json" };
    let dir = common::scratch();
    common::write(dir.path(), name, text);
    common::audit_and_validate(dir.path());
});
