//! Terraform's JSON syntax (`.tf.json`), converted to the same hcl-edit body
//! the native syntax gives, so every later pass sees one form.
//!
//! JSON cannot tell a nested block from a map-valued argument without the
//! provider schema; like most tools we treat objects as blocks except for
//! arguments that are maps by convention (tags and the like).

use std::ops::Range;

use hcl_edit::expr::{Array, Expression, Object, ObjectKey, ObjectValue};
use hcl_edit::structure::{Attribute, Block, BlockLabel, Body};
use hcl_edit::{Decorated, Ident};
use serde_json::Value as Json;

/// Arguments whose object values are maps, not nested blocks.
const MAP_ARGS: &[&str] = &[
    "tags",
    "tags_all",
    "dimensions",
    "variables",
    "environment",
    "triggers",
    "labels",
    "parameters",
    "metadata",
    "default",
    "inputs",
    "providers",
    "values",
    "body",
    "policy",
    "assume_role_policy",
    "dashboard_body",
    "event_pattern",
    "options",
];

/// Top-level block types and how many labels each takes.
fn labels_for(block_type: &str) -> usize {
    match block_type {
        "resource" | "data" => 2,
        "variable" | "output" | "module" | "provider" => 1,
        _ => 0,
    }
}

/// Parses a `.tf.json` file. Errors carry (line, column, message).
pub fn parse_tf_json(text: &str) -> Result<crate::ast::Body, (usize, usize, String)> {
    build_body(text).map(crate::ast::convert_body)
}

fn build_body(text: &str) -> Result<Body, (usize, usize, String)> {
    let json: Json =
        serde_json::from_str(text).map_err(|e| (e.line(), e.column(), e.to_string()))?;
    let Json::Object(top) = json else {
        return Err((1, 1, "a .tf.json file must hold a JSON object".to_string()));
    };
    let mut body = Body::new();
    for (block_type, value) in &top {
        if block_type == "//" {
            continue;
        }
        if block_type == "locals" {
            for v in as_objects(value) {
                let mut b = Block::new(ident(block_type));
                for (k, v) in v {
                    b.body.push(Attribute::new(ident(k), expr_of(v)));
                }
                body.push(b);
            }
            continue;
        }
        push_labelled(
            &mut body,
            block_type,
            Vec::new(),
            value,
            labels_for(block_type),
        );
    }
    Ok(body)
}

fn push_labelled(
    body: &mut Body,
    block_type: &str,
    labels: Vec<String>,
    value: &Json,
    remaining: usize,
) {
    if remaining == 0 {
        for obj in as_objects(value) {
            let mut block = Block::new(ident(block_type));
            block.labels = labels
                .iter()
                .map(|l| BlockLabel::from(l.as_str()))
                .collect();
            block.body = body_of(obj, block_type);
            body.push(block);
        }
        return;
    }
    for obj in as_objects(value) {
        for (label, inner) in obj {
            let mut l = labels.clone();
            l.push(label.clone());
            push_labelled(body, block_type, l, inner, remaining - 1);
        }
    }
}

fn as_objects(value: &Json) -> Vec<&serde_json::Map<String, Json>> {
    match value {
        Json::Object(o) => vec![o],
        Json::Array(items) => items.iter().filter_map(Json::as_object).collect(),
        _ => Vec::new(),
    }
}

fn body_of(obj: &serde_json::Map<String, Json>, block_type: &str) -> Body {
    let mut body = Body::new();
    for (k, v) in obj {
        if k == "//" {
            continue;
        }
        let is_block = !MAP_ARGS.contains(&k.as_str())
            && block_type != "variable"
            && block_type != "output"
            && match v {
                Json::Object(_) => true,
                Json::Array(items) => !items.is_empty() && items.iter().all(Json::is_object),
                _ => false,
            };
        if is_block {
            if k == "dynamic" {
                // dynamic = { NAME = { for_each = ..., content = {...} } }
                for o in as_objects(v) {
                    for (name, inner) in o {
                        for io in as_objects(inner) {
                            let mut b = Block::new(ident("dynamic"));
                            b.labels = vec![BlockLabel::from(name.as_str())];
                            b.body = body_of(io, "dynamic");
                            body.push(b);
                        }
                    }
                }
                continue;
            }
            for o in as_objects(v) {
                let mut b = Block::new(ident(k));
                b.body = body_of(o, k);
                body.push(b);
            }
        } else {
            let expr = if block_type == "variable" && k == "default" {
                literal_of(v)
            } else {
                expr_of(v)
            };
            body.push(Attribute::new(ident(k), expr));
        }
    }
    body
}

fn ident(s: &str) -> Decorated<Ident> {
    Decorated::new(Ident::try_new(s).unwrap_or_else(|_| Ident::new_sanitized(s)))
}

/// A JSON value as an expression: strings are templates (`"${var.x}"`).
fn expr_of(v: &Json) -> Expression {
    match v {
        Json::String(s) => {
            if s.contains("${") || s.contains("%{") {
                let quoted = format!("\"{}\"", escape(s));
                if let Ok(e) = hcl_edit::parser::parse_expr(&quoted) {
                    return e;
                }
            }
            Expression::from(s.as_str())
        }
        Json::Array(items) => Expression::Array(items.iter().map(expr_of).collect::<Array>()),
        Json::Object(o) => {
            let mut obj = Object::new();
            for (k, v) in o {
                obj.insert(
                    ObjectKey::Expression(Expression::from(k.as_str())),
                    ObjectValue::new(expr_of(v)),
                );
            }
            Expression::Object(obj)
        }
        other => literal_of(other),
    }
}

/// A JSON value taken literally (variable defaults are not templates).
fn literal_of(v: &Json) -> Expression {
    match v {
        Json::Null => Expression::null(),
        Json::Bool(b) => Expression::from(*b),
        Json::Number(n) => n
            .as_i64()
            .map(Expression::from)
            .or_else(|| {
                n.as_f64()
                    .and_then(hcl_edit::Number::from_f64)
                    .map(Expression::from)
            })
            .unwrap_or_else(Expression::null),
        Json::String(s) => Expression::from(s.as_str()),
        Json::Array(items) => Expression::Array(items.iter().map(literal_of).collect::<Array>()),
        Json::Object(o) => {
            let mut obj = Object::new();
            for (k, v) in o {
                obj.insert(
                    ObjectKey::Expression(Expression::from(k.as_str())),
                    ObjectValue::new(literal_of(v)),
                );
            }
            Expression::Object(obj)
        }
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out
}

/// Locates a converted block in the JSON text by its labels (the last label,
/// searched after the ones before it), since JSON blocks carry no span.
pub fn find_block(text: &str, block: &crate::ast::Block) -> Option<Range<usize>> {
    let mut at = 0;
    let mut keys: Vec<String> = vec![format!("\"{}\"", block.ident.as_str())];
    keys.extend(block.labels.iter().map(|l| format!("\"{}\"", l.as_str())));
    let mut found = None;
    for k in &keys {
        let i = text[at..].find(k.as_str())? + at;
        found = Some(i..i + k.len());
        at = i + k.len();
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resources_variables_and_templates_convert() {
        let body = parse_tf_json(
            r#"{
              "variable": {"cidr": {"default": ["0.0.0.0/0"]}},
              "resource": {"aws_security_group": {"web": {
                  "name": "${var.name}-sg",
                  "ingress": [{"from_port": 22, "to_port": 22, "cidr_blocks": ["0.0.0.0/0"]}],
                  "tags": {"Name": "web"}
              }}}
            }"#,
        )
        .unwrap();
        let blocks: Vec<_> = body.blocks().collect();
        assert_eq!(blocks.len(), 2);
        let sg = blocks
            .iter()
            .find(|b| b.ident.as_str() == "resource")
            .unwrap();
        assert_eq!(sg.labels.len(), 2);
        assert!(sg.body.get_blocks("ingress").next().is_some());
        assert!(sg.body.get_attribute("tags").is_some());
        assert!(sg
            .body
            .get_attribute("name")
            .unwrap()
            .value
            .as_string_template()
            .is_some());
    }

    #[test]
    fn non_object_is_an_error() {
        assert!(parse_tf_json("[1]").is_err());
        let (line, _, _) = parse_tf_json("{\n\"a\": }").unwrap_err();
        assert_eq!(line, 2);
    }
}
