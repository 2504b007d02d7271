//! The direct parser against hcl-edit: a text it reads must give the tree
//! hcl-edit's parse converts to (crates/model/src/ast/direct/); giving up
//! is always allowed.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tfready_model::ast::{check_direct, DirectCheck};

fuzz_target!(|data: &[u8]| {
    // check_direct leaves out texts nested past the loader's guard.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    assert_ne!(check_direct(text), DirectCheck::Differs, "{text:?}");
});
