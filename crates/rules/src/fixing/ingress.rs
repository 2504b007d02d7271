//! Removing ingress permissions in whichever of the four forms the stack
//! wrote them (what counts as a permission is decided once, by
//! `crate::ingress::ingress_permissions`): an inline `ingress`
//! block, an object of an `ingress = [...]` attribute, an
//! `aws_security_group_rule` or an `aws_vpc_security_group_ingress_rule`.

use crate::ingress::{ingress_permissions, Ingress};
use tfready_model::hcl_edit::expr::Expression;

use super::cx::FixCx;
use super::hcl::{
    block_mut, block_text, comment_above, find_block_mut, push_snippet, remove_where, set_attr,
};
use super::shared::revoke_if_none_left;
use tfready_model::hcl_edit::structure::Structure;

enum Target {
    /// An inline block of a group, by its normalised text.
    Block {
        file: String,
        sg: String,
        text: String,
    },
    /// An object of a group's `ingress` list, by its text (without white
    /// space: an earlier edit may have removed its neighbours).
    Element {
        file: String,
        sg: String,
        text: String,
    },
    /// A rule resource.
    Resource {
        file: String,
        ty: String,
        name: String,
    },
    /// Some of what a `dynamic "ingress"` block generates: its `for_each`
    /// is filtered (every item picked: the block goes).
    Dynamic {
        file: String,
        sg: String,
        text: String,
        /// The filtered collection, given the original as `{orig}`.
        filter: String,
        all: bool,
    },
}

impl Target {
    fn key(&self) -> String {
        match self {
            Target::Block { file, sg, text } => format!("b {file} {sg} {text}"),
            Target::Element { file, sg, text } => format!("e {file} {sg} {text}"),
            Target::Resource { file, ty, name } => format!("r {file} {ty} {name}"),
            Target::Dynamic { file, sg, text, .. } => format!("d {file} {sg} {text}"),
        }
    }
}

/// Removes every permission `pick` selects; returns how many went and the
/// addresses of those that could not be removed one by one (a `dynamic`
/// block or a rule resource with `count`/`for_each` that also opens other
/// ports), which the caller reports.
pub(crate) fn remove_ingress(
    cx: &mut FixCx<'_>,
    pick: impl Fn(&Ingress<'_>) -> bool,
    note: &str,
) -> (usize, Vec<String>) {
    let project = cx.project;
    let all = ingress_permissions(project);
    let mut targets = Vec::new();
    let mut kept = Vec::new();
    for i in all.iter().filter(|i| pick(i)) {
        let r = i.resource();
        let file = project.files[r.resource.file].display.clone();
        let name = r.resource.name.clone();
        if r.resource.ty != "aws_security_group" {
            // One rule resource, unless it stands for several permissions
            // and only some of them are to go.
            let expanded = r.resource.block.body.has_attribute("count")
                || r.resource.block.body.has_attribute("for_each");
            let all_picked = all
                .iter()
                .filter(|o| {
                    o.resource().resource.ty == r.resource.ty
                        && o.resource().resource.name == name
                        && o.resource().instance.id == r.instance.id
                })
                .all(&pick);
            // Something else names it (`depends_on`, an output): removing
            // it would leave a reference to nothing.
            let address = format!("{}.{name}", r.resource.ty);
            let referenced = r.module().files.iter().any(|&f| {
                let text = &project.files[f].text;
                text.match_indices(&address).any(|(at, _)| {
                    !text[at + address.len()..]
                        .starts_with(|c: char| c.is_alphanumeric() || c == '_')
                })
            });
            if (expanded && !all_picked) || referenced {
                kept.push(r.address());
                continue;
            }
            targets.push(Target::Resource {
                file,
                ty: r.resource.ty.clone(),
                name,
            });
            continue;
        }
        if let Some(index) = i.element {
            let source = &project.files[r.resource.file];
            let text = r
                .resource
                .block
                .body
                .get_attribute("ingress")
                .and_then(|a| match &a.value {
                    tfready_model::ast::Expression::Array(items) => items.iter().nth(index),
                    _ => None,
                })
                .and_then(|e| source.text_of(e))
                .map(squash);
            match text {
                Some(text) => targets.push(Target::Element {
                    file,
                    sg: name,
                    text,
                }),
                None => kept.push(r.address()),
            }
            continue;
        }
        let source = &project.files[r.resource.file];
        let text = source.text.get(i.block.span.clone()).unwrap_or_default();
        if text.trim_start().starts_with("dynamic") {
            // Every block this dynamic block generates, and those picked.
            let same: Vec<&Ingress<'_>> = all
                .iter()
                .filter(|o| {
                    o.block.span == i.block.span && o.resource().instance.id == r.instance.id
                })
                .collect();
            let Some(iterator) = dynamic_iterator(text) else {
                kept.push(r.address());
                continue;
            };
            // A map is filtered by key (keys stay); a list or set by value
            // (a set's keys are its values, a list's shift), unless the
            // content reads the key, which the filter would change.
            let binding = |o: &Ingress<'_>, field: &str| {
                o.block
                    .bindings
                    .get(&format!("{iterator}.{field}"))
                    .and_then(hcl_literal)
            };
            let by_key = same.iter().all(|o| {
                matches!(
                    o.block.bindings.get(&format!("{iterator}.key")),
                    Some(tfready_model::Value::String(_))
                )
            });
            let field = if by_key { "key" } else { "value" };
            let picked: Option<Vec<String>> = same
                .iter()
                .filter(|o| pick(o))
                .map(|o| binding(o, field))
                .collect();
            let reads_key = text.contains(&format!("{iterator}.key"));
            let (Some(items), false) = (picked, !by_key && reads_key) else {
                kept.push(r.address());
                continue;
            };
            let list = items.join(", ");
            let filter = if by_key {
                format!("{{ for k, v in {{orig}} : k => v if !contains([{list}], k) }}")
            } else {
                format!("[for v in {{orig}} : v if !contains([{list}], v)]")
            };
            // Known by its `content` (an earlier fix may have filtered its `for_each`).
            let Some(normalised) = tfready_model::hcl_edit::parser::parse_body(text)
                .ok()
                .and_then(|b| b.blocks().next().and_then(dynamic_content))
            else {
                continue;
            };
            targets.push(Target::Dynamic {
                file,
                sg: name,
                text: normalised,
                all: items.len() == same.len(),
                filter,
            });
            continue;
        }
        let Some(text) = tfready_model::hcl_edit::parser::parse_body(text)
            .ok()
            .and_then(|b| b.blocks().next().map(block_text))
        else {
            continue;
        };
        targets.push(Target::Block {
            file,
            sg: name,
            text,
        });
    }
    kept.sort();
    kept.dedup();
    // A counted group yields the same permission once per instance.
    let mut seen = std::collections::HashSet::new();
    targets.retain(|t| seen.insert(t.key()));
    let mut n = 0;
    for t in targets {
        n += match t {
            Target::Block { file, sg, text } => cx
                .edit_file(&file, |body| {
                    let Some(b) = block_mut(body, "resource", &["aws_security_group", &sg]) else {
                        return 0;
                    };
                    let n = remove_where(&mut b.body, note, |s: &Structure| {
                        s.as_block()
                            .is_some_and(|x| x.ident.as_str() == "ingress" && block_text(x) == text)
                    });
                    if n > 0 {
                        revoke_if_none_left(&mut b.body, "ingress");
                    }
                    n
                })
                .unwrap_or(0),
            Target::Element { file, sg, text } => cx
                .edit_file(&file, |body| {
                    let b = block_mut(body, "resource", &["aws_security_group", &sg])?;
                    let mut a = b.body.get_attribute_mut("ingress")?;
                    let Expression::Array(items) = a.value_mut() else {
                        return None;
                    };
                    let index = items.iter().position(|e| squash(&e.to_string()) == text)?;
                    items.remove(index);
                    if items.is_empty() {
                        *items = Default::default();
                    }
                    Some(1)
                })
                .flatten()
                .unwrap_or(0),
            Target::Dynamic {
                file,
                sg,
                text,
                filter,
                all,
            } => cx
                .edit_file(&file, |body| {
                    let b = block_mut(body, "resource", &["aws_security_group", &sg])?;
                    let is_it = |x: &tfready_model::hcl_edit::structure::Block| {
                        x.ident.as_str() == "dynamic"
                            && dynamic_content(x).as_deref() == Some(text.as_str())
                    };
                    if all {
                        let n = remove_where(&mut b.body, note, |s: &Structure| {
                            s.as_block().is_some_and(is_it)
                        });
                        revoke_if_none_left(&mut b.body, "ingress");
                        return Some(n);
                    }
                    let d = find_block_mut(&mut b.body, is_it)?;
                    let orig = d.body.get_attribute("for_each")?.value.to_string();
                    let filtered = filter.replace("{orig}", orig.trim());
                    set_attr(&mut d.body, "for_each", &filtered, "    ");
                    comment_above(&mut d.body, "for_each", &[format!("tfready: {note}")]);
                    Some(1)
                })
                .flatten()
                .unwrap_or(0),
            Target::Resource { file, ty, name } => cx
                .edit_file(&file, |body| {
                    remove_where(body, note, |s: &Structure| {
                        s.as_block().is_some_and(|b| {
                            b.ident.as_str() == "resource"
                                && b.labels.len() == 2
                                && b.labels[0].as_str() == ty
                                && b.labels[1].as_str() == name
                        })
                    })
                })
                .unwrap_or(0),
        };
    }
    (n, kept)
}

/// Whether a permission opens `port` (or every port) to the internet.
pub(crate) fn world_open(i: &Ingress<'_>) -> bool {
    !i.world_sources().is_empty()
}

/// Whether a permission's ports are exactly one of `ports` (a web port a
/// load balancer or a public site may serve).
pub(crate) fn only_port_of(i: &Ingress<'_>, ports: &[f64]) -> bool {
    !i.all_ports
        && matches!((i.from_port, i.to_port), (Some(f), Some(t)) if f == t && ports.contains(&f))
}

/// Whether a permission includes `port`.
pub(crate) fn opens(i: &Ingress<'_>, port: f64) -> bool {
    i.covers(port) == Some(true)
}

/// The security group a permission belongs to: (instance, name).
pub(crate) fn group_of(
    project: &tfready_model::Project,
    i: &Ingress<'_>,
) -> Option<(usize, String)> {
    let r = i.resource();
    if r.resource.ty == "aws_security_group" {
        return Some((r.instance.id, r.resource.name.clone()));
    }
    let attr = r.attr("security_group_id")?;
    project
        .origins(r.instance.id, attr.expr())
        .into_iter()
        .find(|o| o.ty == "aws_security_group")
        .map(|o| (o.instance, o.name))
}

/// For each permission of `groups` that opens exactly port `from`, adds the
/// same permission for port `to` (same sources), unless the group already
/// opens `to`. Returns how many were added.
pub(crate) fn copy_ingress_to_port(
    cx: &mut FixCx<'_>,
    groups: &[(usize, String)],
    from: f64,
    to: f64,
) -> usize {
    let project = cx.project;
    let all = ingress_permissions(project);
    let mut n = 0;
    for g in groups {
        let mine: Vec<&Ingress<'_>> = all
            .iter()
            .filter(|i| group_of(project, i).as_ref() == Some(g))
            .collect();
        if mine.iter().any(|i| opens(i, to)) {
            continue;
        }
        for i in mine.iter().filter(|i| only_port_of(i, &[from])) {
            let r = i.resource();
            let file = project.files[r.resource.file].display.clone();
            let Some(text) = project.files[r.resource.file]
                .text
                .get(i.block.span.clone())
                .map(str::to_string)
            else {
                continue;
            };
            if i.element.is_some() || text.trim_start().starts_with("dynamic") {
                continue;
            }
            let port = format!("{to}");
            let Ok(mut parsed) = tfready_model::hcl_edit::parser::parse_body(&text) else {
                continue;
            };
            let Some(block) = parsed.get_mut(0).and_then(|s| s.as_block_mut()) else {
                continue;
            };
            set_attr(&mut block.body, "from_port", &port, "  ");
            set_attr(&mut block.body, "to_port", &port, "  ");
            if block.body.has_attribute("description") {
                set_attr(&mut block.body, "description", "\"HTTPS\"", "  ");
            }
            if r.resource.ty == "aws_security_group" {
                let snippet = format!("\n  {}\n", block_text(block).replace('\n', "\n  "));
                let sg = g.1.clone();
                cx.edit_file(&file, |body| {
                    if let Some(b) = block_mut(body, "resource", &["aws_security_group", &sg]) {
                        push_snippet(&mut b.body, &snippet);
                    }
                });
            } else {
                let name = format!("{}_https", r.resource.name);
                if let Some(l) = block.labels.get_mut(1) {
                    *l = tfready_model::hcl_edit::structure::BlockLabel::String(
                        tfready_model::hcl_edit::Decorated::new(name.clone()),
                    );
                }
                if cx.ws.read(&file).contains(&format!("\"{name}\"")) {
                    continue;
                }
                cx.ws.append(
                    &file,
                    &format!(
                        "\n# Added by `tfready fix`: HTTPS beside HTTP.\n{}\n",
                        block_text(block)
                    ),
                );
            }
            n += 1;
        }
    }
    n
}

/// The iterator name of a `dynamic` block's source text: its `iterator`
/// attribute, else its label.
fn dynamic_iterator(text: &str) -> Option<String> {
    let body = tfready_model::hcl_edit::parser::parse_body(text).ok()?;
    let d = body.blocks().next()?;
    if let Some(a) = d.body.get_attribute("iterator") {
        return Some(a.value.to_string().trim().to_string());
    }
    d.labels.first().map(|l| l.as_str().to_string())
}

/// A `dynamic "ingress"` block's content, as text: what identifies it.
fn dynamic_content(d: &tfready_model::hcl_edit::structure::Block) -> Option<String> {
    if d.labels.first().map(|l| l.as_str()) != Some("ingress") {
        return None;
    }
    d.body
        .blocks()
        .find(|b| b.ident.as_str() == "content")
        .map(block_text)
}

/// Text without white space and comment lines, for matching what an
/// earlier edit may have re-laid out.
fn squash(text: &str) -> String {
    text.lines()
        .filter(|l| {
            let t = l.trim_start();
            !(t.starts_with('#') || t.starts_with("//"))
        })
        .collect::<String>()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// A known primitive value as an HCL literal (what a filter compares with).
fn hcl_literal(v: &tfready_model::Value) -> Option<String> {
    use tfready_model::Value;
    match v {
        Value::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => Some(format!("{}", *n as i64)),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::String(s) => Some(crate::fixing::hcl::hcl_string(s)),
        _ => None,
    }
}
