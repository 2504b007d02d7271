//! Measures the cost of loading the embedded schema.
//!
//! `cargo run --release -p tfready-schema --example load_time`

use std::time::Instant;

fn main() {
    let t0 = Instant::now();
    let p = tfready_schema::provider();
    let first_call = t0.elapsed();

    let t1 = Instant::now();
    let instance = p.resource("aws_instance").expect("aws_instance");
    let first_resource = t1.elapsed();

    let t2 = Instant::now();
    let again = p.resource("aws_instance").expect("aws_instance");
    let cached = t2.elapsed();
    assert!(std::ptr::eq(instance, again));

    let t3 = Instant::now();
    let mut attrs = 0usize;
    for ty in p.resource_types() {
        attrs += p.resource(ty).unwrap().attributes().count();
    }
    for ty in p.data_source_types() {
        attrs += p.data_source(ty).unwrap().attributes().count();
    }
    let all = t3.elapsed();

    let t4 = Instant::now();
    let doc: serde_json::Value = serde_json::from_str(tfready_schema::EMBEDDED_JSON).unwrap();
    let full_value_parse = t4.elapsed();
    drop(doc);

    println!(
        "provider {} (from {}@{}): {} resources, {} data sources, {} bytes embedded",
        p.provider_version(),
        p.package_name(),
        p.package_version(),
        p.resource_types().len(),
        p.data_source_types().len(),
        tfready_schema::EMBEDDED_JSON.len()
    );
    println!("first provider() call (index + header): {first_call:?}");
    println!("first resource(\"aws_instance\") (parse one entry): {first_resource:?}");
    println!("cached resource(\"aws_instance\"): {cached:?}");
    println!("parse every remaining entry ({attrs} top-level attributes): {all:?}");
    println!("for comparison, serde_json::Value parse of the whole file: {full_value_parse:?}");
}
