//! Terraform's JSON syntax (`.tf.json`), built into the same tree the
//! native syntax gives, so every later pass sees one form. Built directly:
//! a plan becomes a large `.tf.json` stack, and going through hcl-edit's
//! tree first cost as much as reading the JSON.
//!
//! JSON cannot tell a nested block from a map-valued argument without the
//! provider schema; like most tools we treat objects as blocks except for
//! arguments that are maps by convention (tags and the like).

use std::ops::Range;

use crate::ast::{Attribute, Block, Body, Expression, Number, Structure};
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
pub fn parse_tf_json(text: &str) -> Result<Body, (usize, usize, String)> {
    let json: Json =
        serde_json::from_str(text).map_err(|e| (e.line(), e.column(), e.to_string()))?;
    let Json::Object(top) = json else {
        return Err((1, 1, "a .tf.json file must hold a JSON object".to_string()));
    };
    Ok(body_of_document(&top))
}

/// A `.tf.json` document already read (a plan's converted modules) as the
/// body its text parses to.
pub fn body_of_document(top: &serde_json::Map<String, Json>) -> Body {
    crate::ast::with_shared_names(|| {
        let mut body = Vec::new();
        for (block_type, value) in top {
            if block_type == "//" {
                continue;
            }
            if block_type == "locals" {
                for v in as_objects(value) {
                    let attributes = v
                        .iter()
                        .map(|(k, v)| Structure::Attribute(Attribute::unspanned(k, expr_of(v))))
                        .collect();
                    body.push(block(block_type, &[], Body::of(attributes)));
                }
                continue;
            }
            push_labelled(
                &mut body,
                block_type,
                &mut Vec::new(),
                value,
                labels_for(block_type),
            );
        }
        Body::of(body)
    })
}

fn block(ident: &str, labels: &[&str], body: Body) -> Structure {
    Structure::Block(Block::unspanned(ident, labels, body))
}

fn push_labelled<'a>(
    body: &mut Vec<Structure>,
    block_type: &str,
    labels: &mut Vec<&'a str>,
    value: &'a Json,
    remaining: usize,
) {
    if remaining == 0 {
        for obj in as_objects(value) {
            body.push(block(block_type, labels, body_of(obj, block_type)));
        }
        return;
    }
    for obj in as_objects(value) {
        for (label, inner) in obj {
            labels.push(label);
            push_labelled(body, block_type, labels, inner, remaining - 1);
            labels.pop();
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
    let mut body = Vec::new();
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
                            body.push(block("dynamic", &[name], body_of(io, "dynamic")));
                        }
                    }
                }
                continue;
            }
            for o in as_objects(v) {
                body.push(block(k, &[], body_of(o, k)));
            }
        } else {
            let expr = if block_type == "variable" && k == "default" {
                literal_of(v)
            } else {
                expr_of(v)
            };
            body.push(Structure::Attribute(Attribute::unspanned(k, expr)));
        }
    }
    Body::of(body)
}

/// A JSON value as an expression: strings are templates (`"${var.x}"`).
fn expr_of(v: &Json) -> Expression {
    match v {
        Json::String(s) => {
            if s.contains("${") || s.contains("%{") {
                let quoted = format!("\"{}\"", escape(s));
                if let Ok(e) = hcl_edit::parser::parse_expr(&quoted) {
                    return Expression::converted(e);
                }
            }
            Expression::string(s)
        }
        Json::Array(items) => Expression::array(items.iter().map(expr_of).collect()),
        Json::Object(o) => {
            Expression::object(o.iter().map(|(k, v)| (k.as_str(), expr_of(v))).collect())
        }
        other => literal_of(other),
    }
}

/// A JSON value taken literally (variable defaults are not templates).
fn literal_of(v: &Json) -> Expression {
    match v {
        Json::Null => Expression::null(),
        Json::Bool(b) => Expression::bool(*b),
        Json::Number(n) => n
            .as_i64()
            .map(Number::from)
            .or_else(|| n.as_f64().and_then(Number::from_f64))
            .map_or_else(Expression::null, Expression::number),
        Json::String(s) => Expression::string(s),
        Json::Array(items) => Expression::array(items.iter().map(literal_of).collect()),
        Json::Object(o) => {
            Expression::object(o.iter().map(|(k, v)| (k.as_str(), literal_of(v))).collect())
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
    use crate::ast::Span;

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
    fn blocks_locals_dynamic_and_literal_defaults_convert() {
        let body = parse_tf_json(
            r#"{
              "variable": {"v": {"default": "${not_a_template}"}},
              "locals": [{"a": 1, "b": 1.5}, {"c": null}],
              "resource": {"aws_x": {"y": {
                  "bad key": true,
                  "dynamic": {"rule": {"for_each": "${var.rules}", "content": {"n": 1}}}
              }}}
            }"#,
        )
        .unwrap();
        let blocks: Vec<_> = body.blocks().collect();
        let kinds: Vec<_> = blocks.iter().map(|b| b.ident.as_str()).collect();
        assert_eq!(kinds, ["locals", "locals", "resource", "variable"]);
        let default = &blocks[3].body.get_attribute("default").unwrap().value;
        assert_eq!(default.as_str(), Some("${not_a_template}"));
        let locals = &blocks[0].body;
        assert_eq!(locals.iter().count(), 2);
        assert!(blocks[1].body.get_attribute("c").unwrap().value.is_null());
        let resource = &blocks[2];
        let labels: Vec<_> = resource.labels.iter().map(|l| l.as_str()).collect();
        assert_eq!(labels, ["aws_x", "y"]);
        // An identifier cannot hold a space: read as hcl-edit names it.
        assert!(resource.body.get_attribute("bad_key").is_some());
        let dynamic = resource.body.get_blocks("dynamic").next().unwrap();
        assert_eq!(dynamic.labels[0].as_str(), "rule");
        assert!(dynamic.body.get_blocks("content").next().is_some());
        assert!(resource.span().is_none(), "JSON carries no spans");
    }

    #[test]
    fn non_object_is_an_error() {
        assert!(parse_tf_json("[1]").is_err());
        let (line, _, _) = parse_tf_json("{\n\"a\": }").unwrap_err();
        assert_eq!(line, 2);
    }
}
