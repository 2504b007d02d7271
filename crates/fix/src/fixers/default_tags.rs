//! The tag keys the configuration requires (`required-tags`), on every
//! resource through the provider's `default_tags`. Each value comes from the
//! stack: its name and environment, its own tags variable, or a variable the
//! user sets; none is made up.

use super::prelude::*;

pub(super) fn default_tags(cx: &mut FixCx<'_>) {
    let providers: Vec<(String, bool)> = cx
        .project
        .root_module()
        .providers
        .iter()
        .filter(|p| p.name == "aws")
        .map(|p| {
            (
                cx.project.files[p.file].display.clone(),
                p.block.body.get_blocks("default_tags").next().is_some(),
            )
        })
        .collect();
    if providers.iter().all(|(_, has)| *has) {
        return;
    }
    let tags = tag_values(cx);
    let entries: Vec<String> = tags.iter().map(|(k, v)| format!("{k} = {v}")).collect();
    let map = format!("{{ {} }}", entries.join(", "));
    let value = match self::tags(cx) {
        // The stack's own tags win where they set the same key.
        Some(own) => format!("merge({map}, {own})"),
        None => map,
    };
    for (file, _) in providers.into_iter().filter(|(_, has)| !has) {
        let changed = cx
            .edit_file(&file, |body| {
                let Some(p) = find_block_mut(body, |b| {
                    b.ident.as_str() == "provider"
                        && b.labels.first().map(|l| l.as_str()) == Some("aws")
                        && !b.body.blocks().any(|d| d.ident.as_str() == "default_tags")
                }) else {
                    return false;
                };
                push_snippet(
                    &mut p.body,
                    &format!("\n  # Required tags on every resource (tfready fix).\n  default_tags {{\n    tags = {value}\n  }}\n"),
                );
                true
            })
            .unwrap_or(false);
        if changed {
            cx.done.push(format!(
                "{file}: provider default_tags with {}",
                tags.iter()
                    .map(|(k, _)| k.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    cx.next_steps.push("Activate the tags once in Billing > Cost allocation tags so Cost Explorer can group by them".into());
}

/// (key, expression) for each required tag key.
fn tag_values(cx: &mut FixCx<'_>) -> Vec<(String, String)> {
    let keys = cx.opts.required_tags.clone();
    let mut out = Vec::new();
    for key in keys {
        let value = match key.as_str() {
            "Project" | "Application" | "Service" | "Name" => project_name(cx),
            "Environment" | "Env" | "Stage" => environment(cx),
            "ManagedBy" => "\"Terraform\"".into(),
            _ => {
                // The stack's own variable for it, or a new one to set.
                let var = snake(&key);
                let tag_var = format!("{var}_tag");
                let vars = &cx.project.root_module().variables;
                if vars.contains_key(&var) {
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
            key
        } else {
            format!("{key:?}")
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
