//! The tag keys the configuration requires (`required-tags`), on every
//! resource through the provider's `default_tags`. Each value comes from the
//! stack: its name and environment, its own tags variable, or a variable the
//! user sets; none is made up. A `default_tags` block that lacks keys gets
//! them merged under its own (its values win).

use crate::fixing::prelude::*;

pub(crate) static FIXER: Fixer = Fixer {
    id: "default_tags",
    title: "Cost-allocation tags in provider default_tags",
    phase: Phase::QuickWin,
    order: 260,
    needs: &[],
    also_when: &[],
    run: default_tags,
};

pub(crate) fn default_tags(cx: &mut FixCx<'_>) {
    let required = cx.opts.required_tags.clone();
    // (file, keys the provider's default_tags already have; None: no block).
    let providers: Vec<(String, Option<Vec<String>>)> = cx
        .project
        .root_module()
        .providers
        .iter()
        .filter(|p| p.name == "aws" && p.block.body.get_attribute("alias").is_none())
        .map(|p| {
            let keys = p.block.body.get_blocks("default_tags").next().map(|d| {
                d.body
                    .get_attribute("tags")
                    .map(|a| root_eval_value(cx, &a.value))
                    .and_then(|v| v.as_map().map(|m| m.keys().cloned().collect()))
                    .unwrap_or_default()
            });
            (cx.project.files[p.file].display.clone(), keys)
        })
        .collect();
    for (file, have) in providers {
        let missing: Vec<String> = required
            .iter()
            .filter(|k| !have.as_ref().is_some_and(|h| h.contains(k)))
            .cloned()
            .collect();
        if missing.is_empty() {
            continue;
        }
        let tags = tag_values(cx, &missing);
        let entries: Vec<String> = tags.iter().map(|(k, v)| format!("{k} = {v}")).collect();
        let map = format!("{{ {} }}", entries.join(", "));
        let own = self::tags(cx);
        let changed = cx
            .edit_file(&file, |body| {
                let Some(p) = find_block_mut(body, |b| {
                    b.ident.as_str() == "provider"
                        && b.labels.first().map(|l| l.as_str()) == Some("aws")
                        && !b.body.has_attribute("alias")
                }) else {
                    return false;
                };
                match find_block_mut(&mut p.body, |b| b.ident.as_str() == "default_tags") {
                    Some(d) => {
                        let existing = d
                            .body
                            .get_attribute("tags")
                            .map(|a| a.value.to_string().trim().to_string())
                            .unwrap_or_else(|| "{}".into());
                        set_attr(&mut d.body, "tags", &format!("merge({map}, {existing})"), "    ")
                    }
                    None => {
                        // The stack's own tags win where they set the same key.
                        let value = match &own {
                            Some(own) => format!("merge({map}, {own})"),
                            None => map.clone(),
                        };
                        push_snippet(
                            &mut p.body,
                            &format!("\n  # Required tags on every resource (tfready fix).\n  default_tags {{\n    tags = {value}\n  }}\n"),
                        );
                        true
                    }
                }
            })
            .unwrap_or(false);
        if changed {
            cx.done.push(format!(
                "{file}: provider default_tags with {}",
                missing.join(", ")
            ));
            cx.next_steps.push("Activate the tags once in Billing > Cost allocation tags so Cost Explorer can group by them".into());
        }
    }
}

/// (key, expression) for each tag key.
fn tag_values(cx: &mut FixCx<'_>, keys: &[String]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for key in keys {
        let value = match key.as_str() {
            "Project" | "Application" | "Service" | "Name" => project_name(cx),
            "Environment" | "Env" | "Stage" => environment(cx),
            "ManagedBy" => "\"Terraform\"".into(),
            _ => {
                // The stack's own variable for it, or a new one to set.
                let var = snake(key);
                let tag_var = format!("{var}_tag");
                if cx.project.root_module().variables.contains_key(&var) {
                    format!("var.{var}")
                } else {
                    if cx.add_variable(
                        &tag_var,
                        &format!("  description = \"Value of the {key} tag on every resource\"\n  type        = string\n"),
                    ) {
                        cx.next_steps.push(format!(
                            "Set var.{tag_var} (the {key} tag; required-tags in .tfready.toml)"
                        ));
                    }
                    format!("var.{tag_var}")
                }
            }
        };
        let key = if key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            key.clone()
        } else {
            crate::fixing::hcl::hcl_string(key)
        };
        out.push((key, value));
    }
    out
}

/// `CostCenter` -> `cost_center`.
fn snake(key: &str) -> String {
    let mut s = String::new();
    for (i, c) in key.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            s.push('_');
        }
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('_') {
            s.push('_');
        }
    }
    s
}
