//! A provider schema from `terraform providers schema -json`: the exact
//! provider version the user's lock file pins, instead of the embedded one.
//!
//! The JSON is converted into this crate's compact line format (see
//! `scripts/schema/README.md`) and indexed as the embedded file is.

use serde_json::{json, Map, Value};

use crate::{err, ProviderSchema, SchemaError};

/// Reads the output of `terraform providers schema -json` and returns the
/// AWS provider's schema. `version` is the provider version to report
/// (the JSON does not carry it; `.terraform.lock.hcl` does).
pub fn from_terraform_json(text: &str, version: &str) -> Result<ProviderSchema, SchemaError> {
    let doc: Value =
        serde_json::from_str(text).map_err(|e| SchemaError(format!("not JSON: {e}")))?;
    let Some(providers) = doc.get("provider_schemas").and_then(Value::as_object) else {
        return err(
            "no \"provider_schemas\": not the output of `terraform providers schema -json`",
        );
    };
    let Some((source, aws)) = providers
        .iter()
        .find(|(k, _)| k.ends_with("hashicorp/aws") || k.as_str() == "aws")
    else {
        return err("the schema holds no hashicorp/aws provider");
    };
    let provider_config = block(aws.pointer("/provider/block").unwrap_or(&Value::Null));
    let section = |key: &str| -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = aws
            .get(key)
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .map(|(name, s)| {
                        let b = block(s.get("block").unwrap_or(&Value::Null));
                        (name.clone(), b.to_string())
                    })
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    };
    let resources = section("resource_schemas");
    let data_sources = section("data_source_schemas");
    let header = json!({
        "counts": {"resources": resources.len(), "data_sources": data_sources.len()},
        "format": crate::FORMAT,
        "generator": "terraform providers schema -json",
        "package": {"name": "terraform providers schema -json", "version": version},
        "provider": {"source": source, "version": version},
        "provider_config": provider_config,
    })
    .to_string();
    let mut out = String::new();
    out.push_str(header.strip_suffix('}').unwrap_or(&header));
    out.push_str(",\n\"resources\":{\n");
    push_entries(&mut out, &resources);
    out.push_str("},\n\"data_sources\":{\n");
    push_entries(&mut out, &data_sources);
    out.push_str("}}\n");
    // The index borrows the text for the life of the process, as it does
    // the embedded file: one schema is read once per run.
    ProviderSchema::from_static_str(Box::leak(out.into_boxed_str()))
}

fn push_entries(out: &mut String, entries: &[(String, String)]) {
    for (i, (name, body)) in entries.iter().enumerate() {
        out.push_str(&serde_json::to_string(name).unwrap_or_default());
        out.push(':');
        out.push_str(body);
        if i + 1 < entries.len() {
            out.push(',');
        }
        out.push('\n');
    }
}

/// A Terraform schema block as a compact BLOCK.
fn block(b: &Value) -> Value {
    let mut out = Map::new();
    let mut attrs = Map::new();
    for (name, a) in b
        .get("attributes")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        attrs.insert(name.clone(), attribute(a));
    }
    if !attrs.is_empty() {
        out.insert("a".into(), Value::Object(attrs));
    }
    let mut blocks = Map::new();
    for (name, nb) in b
        .get("block_types")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let mut n = match block(nb.get("block").unwrap_or(&Value::Null)) {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        let mode = match nb.get("nesting_mode").and_then(Value::as_str) {
            Some("list") => "list",
            Some("set") => "set",
            Some("map") => "map",
            _ => "single", // single, group
        };
        n.insert("m".into(), json!(mode));
        let min = nb.get("min_items").and_then(Value::as_u64).unwrap_or(0);
        if min > 0 {
            n.insert("min".into(), json!(min));
            n.insert("r".into(), json!(1));
        }
        if let Some(max) = nb.get("max_items").and_then(Value::as_u64) {
            n.insert("max".into(), json!(max));
        }
        if nb.get("deprecated").and_then(Value::as_bool) == Some(true) {
            n.insert("d".into(), json!("deprecated"));
        }
        blocks.insert(name.clone(), Value::Object(n));
    }
    if !blocks.is_empty() {
        out.insert("b".into(), Value::Object(blocks));
    }
    Value::Object(out)
}

/// A Terraform schema attribute as a compact ATTRIBUTE.
fn attribute(a: &Value) -> Value {
    let flag = |k: &str| a.get(k).and_then(Value::as_bool) == Some(true);
    let mut out = Map::new();
    let (code, nested) = match a.get("nested_type") {
        // Plugin-framework nested attributes: an object, or a collection of them.
        Some(nt) => {
            let inner = block(nt);
            let prefix = match nt.get("nesting_mode").and_then(Value::as_str) {
                Some("list") => "l",
                Some("set") => "s",
                Some("map") => "m",
                _ => "",
            };
            (format!("{prefix}o"), Some(inner))
        }
        None => type_code(a.get("type").unwrap_or(&Value::Null)),
    };
    out.insert("t".into(), json!(code));
    if flag("required") {
        out.insert("r".into(), json!(1));
    }
    if flag("computed") && !flag("optional") && !flag("required") {
        out.insert("c".into(), json!(1));
    }
    if flag("deprecated") {
        out.insert("d".into(), json!("deprecated"));
    }
    if let Some(n) = nested {
        out.insert("n".into(), n);
    }
    Value::Object(out)
}

/// A cty type (`"string"`, `["list", T]`, `["object", {...}]`) as a type
/// code, with the attributes of an object type.
fn type_code(t: &Value) -> (String, Option<Value>) {
    match t {
        Value::String(s) => (
            match s.as_str() {
                "string" => "s",
                "number" => "n",
                "bool" => "b",
                _ => "d",
            }
            .into(),
            None,
        ),
        Value::Array(parts) => match (parts.first().and_then(Value::as_str), parts.get(1)) {
            (Some(kind @ ("list" | "set" | "map")), Some(inner)) => {
                let (code, nested) = type_code(inner);
                (format!("{}{code}", &kind[..1]), nested)
            }
            (Some("object"), Some(Value::Object(fields))) => {
                let attrs: Map<String, Value> = fields
                    .iter()
                    .map(|(k, v)| {
                        let (code, nested) = type_code(v);
                        let mut a = Map::new();
                        a.insert("t".into(), json!(code));
                        if let Some(n) = nested {
                            a.insert("n".into(), n);
                        }
                        (k.clone(), Value::Object(a))
                    })
                    .collect();
                ("o".into(), Some(json!({ "a": attrs })))
            }
            (Some("tuple"), _) => ("ld".into(), None),
            _ => ("d".into(), None),
        },
        _ => ("d".into(), None),
    }
}
