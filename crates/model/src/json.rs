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

/// The index of the quote closing the string whose opening quote is at
/// `open` (backslash escapes skipped); past the end when none closes it.
pub fn closing_quote(bytes: &[u8], open: usize) -> usize {
    let mut i = open + 1;
    while i < bytes.len() && bytes[i] != b'"' {
        i += if bytes[i] == b'\\' { 2 } else { 1 };
    }
    i
}

/// Where the keys naming blocks are in a `.tf.json` text: each path of up
/// to three object keys (`resource` / type / name; arrays are looked
/// through, as Terraform reads a block type's list of objects) with the
/// byte range of its last key, first occurrence. Built in one pass, so a
/// generated stack of thousands of blocks on one line is located in linear
/// time (a search of the text per block was quadratic), and a label is
/// found only as a key at its depth, never as a string value.
pub struct KeyIndex {
    keys: std::collections::HashMap<Vec<Box<str>>, Range<usize>>,
}

/// How deep block names go: block type, then up to two labels.
const NAMING_DEPTH: usize = 3;

impl KeyIndex {
    /// Indexes a text that parses as JSON (a text that does not gives
    /// whatever it gives; it is never located in).
    pub fn new(text: &str) -> KeyIndex {
        let bytes = text.as_bytes();
        let mut keys = std::collections::HashMap::new();
        // Open containers, `true` for an object; `path` holds the current
        // key of each object open around here (so `objects` long, or one
        // shorter before an object's first key).
        let mut open: Vec<bool> = Vec::new();
        let mut objects = 0;
        let mut path: Vec<Box<str>> = Vec::new();
        // Whether the next string is a key of the innermost object.
        let mut expect_key = false;
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'{' => {
                    open.push(true);
                    objects += 1;
                    expect_key = true;
                }
                b'[' => {
                    open.push(false);
                    expect_key = false;
                }
                b'}' | b']' => {
                    if open.pop() == Some(true) {
                        objects -= 1;
                        // The object's keys end with it.
                        path.truncate(objects);
                    }
                    expect_key = false;
                }
                b',' => expect_key = open.last() == Some(&true),
                b'"' => {
                    let start = i;
                    i = closing_quote(bytes, i);
                    let end = (i + 1).min(bytes.len());
                    if expect_key {
                        let raw = &text[start..end];
                        let key: Box<str> = if raw.contains('\\') {
                            serde_json::from_str::<String>(raw)
                                .map_or_else(|_| raw.into(), Into::into)
                        } else {
                            raw.trim_matches('"').into()
                        };
                        // It follows its sibling at this depth.
                        path.truncate(objects - 1);
                        path.push(key);
                        if path.len() <= NAMING_DEPTH {
                            keys.entry(path.clone()).or_insert(start..end);
                        }
                        expect_key = false;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        KeyIndex { keys }
    }

    /// The range of the key naming `block` (its last label's, or its type's).
    pub fn block(&self, block: &crate::ast::Block) -> Option<Range<usize>> {
        let path: Vec<Box<str>> = std::iter::once(block.ident.as_str())
            .chain(block.labels.iter().map(|l| l.as_str()))
            .map(Into::into)
            .collect();
        self.keys.get(&path).cloned()
    }
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

    #[test]
    fn blocks_are_located_by_their_keys_at_their_depth() {
        // One line, as generators write it; `b`'s name is also an earlier
        // string value (a search of the text found that first), a label is
        // escaped, `locals` and `provider` are lists of objects.
        let text = r#"{"resource":{"aws_s3_bucket":{"a":{"bucket":"b","tags":{"b":1}},"b":{"bucket":"x"},"w\u00e9b":{}}},"locals":[{"x":1},{"y":2}],"provider":[{"aws":{"region":"r"}},{"aws":{"alias":"two"}}],"variable":{"resource":{}}}"#;
        let body = parse_tf_json(text).unwrap();
        let keys = KeyIndex::new(text);
        let mut located: Vec<(String, &str)> = body
            .blocks()
            .map(|b| {
                let labels: Vec<_> = b.labels.iter().map(|l| l.as_str()).collect();
                let at = keys.block(b).expect("located");
                (
                    format!("{} {}", b.ident.as_str(), labels.join(" ")),
                    &text[at],
                )
            })
            .collect();
        located.sort();
        let mut expected = [
            ("resource aws_s3_bucket a", r#""a""#),
            ("resource aws_s3_bucket b", r#""b""#),
            ("resource aws_s3_bucket wéb", r#""w\u00e9b""#),
            ("locals ", r#""locals""#),
            ("locals ", r#""locals""#),
            ("provider aws", r#""aws""#),
            ("provider aws", r#""aws""#),
            ("variable resource", r#""resource""#),
        ];
        expected.sort();
        assert_eq!(located.len(), expected.len(), "{located:?}");
        for ((block, at), (want, key)) in located.iter().zip(expected) {
            assert_eq!((block.as_str(), *at), (want, key));
        }
        let b = body
            .blocks()
            .find(|b| b.labels.get(1).is_some_and(|l| l.as_str() == "b"))
            .unwrap();
        let at = keys.block(b).unwrap();
        // The key, not the value `"bucket":"b"` before it.
        assert_eq!(&text[at.start - 3..at.end + 1], r#"}},"b":"#);
        let var = body
            .blocks()
            .find(|b| b.ident.as_str() == "variable")
            .unwrap();
        assert!(keys.block(var).unwrap().start > text.find("variable").unwrap());
    }
}
