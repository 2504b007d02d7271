//! An expression of arbitrary text, evaluated with Terraform's functions
//! over literals (what tfvars and defaults go through).
#![no_main]
use libfuzzer_sys::fuzz_target;
use tfready_model::{Evaluator, LiteralEnv};

mod common;

fuzz_target!(|data: &[u8]| {
    if common::skipped(data) {
        return;
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(expr) = tfready_model::ast::parse_expr(text) else {
        return;
    };
    let value = Evaluator::new(&LiteralEnv).eval(&expr);
    let _ = value.to_string();
});
