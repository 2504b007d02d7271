//! Per-module indexes of declarations, built once so that every reference
//! is checked with a hash lookup.

use std::collections::{HashMap, HashSet};

use tfready_model::{Module, ModuleCall, Resource, ResourceMode};

pub(crate) struct ModuleIndex<'p> {
    pub managed: HashMap<(&'p str, &'p str), &'p Resource>,
    pub data: HashMap<(&'p str, &'p str), &'p Resource>,
    pub calls: HashMap<&'p str, &'p ModuleCall>,
    /// Aliases of `aws` provider configurations usable in the module:
    /// `provider "aws" { alias = ... }` blocks and `configuration_aliases`.
    pub aws_aliases: HashSet<String>,
}

impl<'p> ModuleIndex<'p> {
    pub fn new(module: &'p Module) -> Self {
        let mut managed = HashMap::new();
        let mut data = HashMap::new();
        for r in &module.resources {
            let key = (r.ty.as_str(), r.name.as_str());
            match r.mode {
                ResourceMode::Managed => managed.entry(key).or_insert(r),
                ResourceMode::Data => data.entry(key).or_insert(r),
            };
        }
        let calls = module.calls.iter().map(|c| (c.name.as_str(), c)).collect();
        let mut aws_aliases = HashSet::new();
        for p in &module.providers {
            if p.name == "aws" {
                if let Some(alias) = p
                    .block
                    .body
                    .get_attribute("alias")
                    .and_then(|a| a.value.as_str())
                {
                    aws_aliases.insert(alias.to_string());
                }
            }
        }
        for t in &module.terraform {
            for rp in t.block.body.get_blocks("required_providers") {
                let Some(aws) = rp.body.get_attribute("aws") else {
                    continue;
                };
                let Some(obj) = aws.value.as_object() else {
                    continue;
                };
                for (k, v) in obj.iter() {
                    let key = match k {
                        tfready_model::ast::ObjectKey::Ident(i) => i.as_str().to_string(),
                        tfready_model::ast::ObjectKey::Expression(e) => match e.as_str() {
                            Some(s) => s.to_string(),
                            None => continue,
                        },
                    };
                    if key != "configuration_aliases" {
                        continue;
                    }
                    if let Some(arr) = v.expr().as_array() {
                        for item in arr.iter() {
                            if let Some(t) = item.as_traversal() {
                                if let Some(tfready_model::ast::TraversalOperator::GetAttr(a)) =
                                    t.operators.first().map(|o| o.value())
                                {
                                    aws_aliases.insert(a.as_str().to_string());
                                }
                            }
                        }
                    }
                }
            }
        }
        ModuleIndex {
            managed,
            data,
            calls,
            aws_aliases,
        }
    }
}

/// Whether a resource or module call has `count` / `for_each`.
pub(crate) fn repetition(body: &tfready_model::ast::Body) -> Option<&'static str> {
    if body.has_attribute("count") {
        Some("count")
    } else if body.has_attribute("for_each") {
        Some("for_each")
    } else {
        None
    }
}
