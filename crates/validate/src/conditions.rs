//! The stack's own checks, as `terraform plan` runs them: each variable's
//! `validation` blocks, and the `precondition`s and `postcondition`s in
//! resources', data sources' and outputs' `lifecycle`/`precondition` blocks.
//! A condition is judged only where its value is known before apply; one
//! known to be false is what plan rejects, with the block's
//! `error_message`.

use std::collections::HashSet;
use tfready_model::ast::{Block, Body};

use tfready_model::{FileId, Instance, InstanceId, Presence, Project, Resource, Value};

use crate::trace::eval;
use crate::{header_loc, span_or, Ctx, Problem};

pub(crate) fn run(cx: &Ctx<'_>, out: &mut Vec<Problem>) {
    let project = cx.project;
    // Resources (in an instance of their module) that have instances.
    let present: HashSet<(InstanceId, *const Resource)> = project
        .all_resources()
        .filter(|r| r.presence() != Presence::No)
        .map(|r| (r.instance.id, r.resource as *const Resource))
        .collect();
    for inst in project
        .instances
        .iter()
        .filter(|i| i.presence != Presence::No)
    {
        let module = &project.modules[inst.module];
        for var in module.variables.values() {
            for v in blocks(&var.block.body, "validation") {
                let what = format!("{}var.{}", prefix(inst), var.name);
                let hint = format!(
                    "Give {what} a value its validation accepts, or change the validation."
                );
                judge(
                    project,
                    inst,
                    var.file,
                    v,
                    "variable-validation",
                    &what,
                    &hint,
                    out,
                );
            }
        }
        // Terraform checks a resource's conditions for its instances only: a
        // `count = 0` or an empty `for_each` checks nothing.
        for r in module
            .resources
            .iter()
            .filter(|r| present.contains(&(inst.id, *r as *const Resource)))
        {
            let what = format!("{}{}", prefix(inst), r.address());
            for lifecycle in blocks(&r.block.body, "lifecycle") {
                for kind in ["precondition", "postcondition"] {
                    for c in blocks(&lifecycle.body, kind) {
                        let hint = format!("Change what {what}'s {kind} checks, or the condition.");
                        judge(
                            project,
                            inst,
                            r.file,
                            c,
                            "custom-condition",
                            &what,
                            &hint,
                            out,
                        );
                    }
                }
            }
        }
        for o in module.outputs.values() {
            let what = format!("{}output.{}", prefix(inst), o.name);
            for c in blocks(&o.block.body, "precondition") {
                let hint = format!("Change what {what}'s precondition checks, or the condition.");
                judge(
                    project,
                    inst,
                    o.file,
                    c,
                    "custom-condition",
                    &what,
                    &hint,
                    out,
                );
            }
        }
    }
}

fn prefix(inst: &Instance) -> String {
    if inst.address.is_empty() {
        String::new()
    } else {
        format!("{}.", inst.address)
    }
}

fn blocks<'b>(body: &'b Body, ident: &'b str) -> impl Iterator<Item = &'b Block> + 'b {
    body.blocks().filter(move |b| b.ident.as_str() == ident)
}

/// Reports `block` when its `condition` is known to be false here.
#[allow(clippy::too_many_arguments)]
fn judge(
    project: &Project,
    inst: &Instance,
    file: FileId,
    block: &Block,
    code: &'static str,
    what: &str,
    hint: &str,
    out: &mut Vec<Problem>,
) {
    let Some(condition) = block.body.get_attribute("condition") else {
        return;
    };
    if eval(project, inst, &condition.value).as_bool() != Some(false) {
        return;
    }
    let said = block
        .body
        .get_attribute("error_message")
        .map(|m| match eval(project, inst, &m.value) {
            Value::String(s) => s,
            // Unknown or not a string: the message as written.
            _ => project.files[file].text[span_or(m, &(0..0))].to_string(),
        })
        .unwrap_or_default();
    let range = span_or(condition, &(0..0));
    let mut p = Problem::error(
        code,
        header_loc(project, file, &range),
        format!("{what}: its {} fails: {said}", block.ident.as_str()),
        hint.to_string(),
    );
    p.address = Some(what.to_string());
    out.push(p);
}
