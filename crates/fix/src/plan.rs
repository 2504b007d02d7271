//! Which fixers a fix runs, and in what order: every selected fixer whose
//! rules found a gap (and the fixers it needs), then the steps every fix
//! ends with. The fixers themselves live beside their rules
//! (`tfready_rules::fixing`). Each checks what is already there, so a
//! second run changes nothing.

use tfready_model::Project;
use tfready_rules::fixing::hcl::{block_mut, block_text, push_snippet, replace_block};
use tfready_rules::fixing::workspace::Change;
use tfready_rules::fixing::{boot_secrets, launch_model, provider_pin, FixCx};
use tfready_rules::fixing::{FixOptions, Fixer};
use tfready_rules::{find_fixer, fixers};

#[derive(Debug)]
pub struct FixPlan {
    pub changes: Vec<Change>,
    pub done: Vec<String>,
    pub next_steps: Vec<String>,
}

fn selected(f: &Fixer, opts: &FixOptions) -> bool {
    let phase = opts.phases.is_empty() || opts.phases.contains(&f.phase);
    let rule = opts.rules.is_empty()
        || opts.rules.iter().any(|r| {
            tfready_rules::find_rule(r)
                .and_then(|rule| rule.meta.fixer)
                .is_some_and(|x| x.id == f.id)
        });
    phase && rule
}

fn run(cx: &mut FixCx<'_>, f: &Fixer) {
    if cx.ran.contains(&f.id) {
        return;
    }
    cx.ran.push(f.id);
    for need in f.needs {
        if let Some(n) = find_fixer(need) {
            run(cx, n);
        }
    }
    (f.run)(cx);
}

/// The rules whose gaps the stack has: those with findings, and those that
/// depend on the environment (their fixers write per-environment values, so
/// they run whichever environment the stack was loaded as). Fix closes
/// these and adds nothing the audit did not ask for.
fn gaps(project: &Project, opts: &FixOptions) -> std::collections::HashSet<&'static str> {
    let config = tfready_rules::Config {
        required_tags: opts.required_tags.clone(),
        ..Default::default()
    };
    let mut ids = rules_found(project, &config);
    ids.extend(
        tfready_rules::RULES
            .iter()
            .filter(|r| r.meta.per_environment)
            .map(|r| r.meta.id),
    );
    ids
}

/// The ids of the rules with findings on the stack.
fn rules_found(
    project: &Project,
    config: &tfready_rules::Config,
) -> std::collections::HashSet<&'static str> {
    tfready_rules::audit(project, config)
        .findings
        .iter()
        .map(|f| f.rule.id)
        .collect()
}

/// The templates whose gap the stack has already closed, so cost's phase
/// table does not add them again: a module template is in place when the
/// rules of the fixer of its name (else the rules of its coverage rows)
/// find nothing.
pub fn in_place(
    project: &Project,
    config: &tfready_rules::Config,
) -> std::collections::BTreeSet<String> {
    let found = rules_found(project, config);
    let mut out = std::collections::BTreeSet::new();
    for (name, rows) in manifest_modules() {
        // A fix another gap brings (the WAF of a new load balancer) is not
        // in place.
        let fixer = find_fixer(&name);
        if fixer.is_some_and(|f| f.also_when.iter().any(|r| found.contains(r))) {
            continue;
        }
        let by_fixer: Vec<&'static str> = fixer
            .into_iter()
            .flat_map(|f| f.rules().map(|r| r.id))
            .collect();
        let rules: Vec<&'static str> = if by_fixer.is_empty() {
            tfready_rules::RULES
                .iter()
                .filter(|r| rows.contains(&r.meta.coverage_row))
                .map(|r| r.meta.id)
                .collect()
        } else {
            by_fixer
        };
        if !rules.is_empty() && rules.iter().all(|r| !found.contains(r)) {
            out.insert(name);
        }
    }
    out
}

/// The module templates of the manifest, with their coverage rows (the
/// manifest read as cost reads it).
fn manifest_modules() -> Vec<(String, Vec<u8>)> {
    let text = tfready_rules::fixing::templates::manifest();
    tfready_cost::Manifest::from_toml_str(text, std::path::Path::new(""))
        .map(|m| {
            m.modules
                .into_iter()
                .filter(|t| t.kind == "module")
                .map(|t| {
                    let rows = t.rows.iter().filter_map(|r| u8::try_from(*r).ok());
                    (t.name, rows.collect())
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Plans the fix: every selected fixer whose rules found a gap (and the
/// fixers it needs), in order.
pub fn plan(project: &Project, opts: &FixOptions) -> FixPlan {
    let mut cx = FixCx::new(project, opts);
    let gaps = gaps(project, opts);
    // Decided up front: the fixes before it must not wire the instance the
    // Auto Scaling group takes over.
    if find_fixer("asg")
        .is_some_and(|f| selected(f, opts) && f.rules().any(|r| gaps.contains(r.id)))
    {
        cx.retired = launch_model::replaced_instance(project).map(|r| r.address());
    }
    for f in fixers().iter().filter(|f| {
        selected(f, opts)
            && (f.rules().any(|r| gaps.contains(r.id))
                || f.also_when.iter().any(|r| gaps.contains(r)))
    }) {
        run(&mut cx, f);
    }
    boot_secrets::boot_secrets(&mut cx);
    provider_pin::provider_pin(&mut cx);
    tfready_rules::fixing::provider_tags::mirror_default_tags(&mut cx);
    // Two fixes may say the same thing (both edit one script): once.
    let mut seen = std::collections::HashSet::new();
    cx.done.retain(|d| seen.insert(d.clone()));
    let mut seen = std::collections::HashSet::new();
    let mut next_steps = cx.next_steps.clone();
    next_steps.retain(|d| seen.insert(d.clone()));
    // Roll the new modules out one at a time, in phase order.
    let added: Vec<String> = cx
        .done
        .iter()
        .filter_map(|d| {
            d.strip_prefix("module \"")
                .and_then(|r| r.split('"').next())
                .map(str::to_string)
        })
        .collect();
    for m in &added {
        next_steps.push(format!("terraform apply -target=module.{m}"));
    }
    if !added.is_empty() {
        next_steps.push("terraform plan   # should show no further changes".into());
    }
    FixPlan {
        changes: cx.ws.changes(),
        done: cx.done,
        next_steps,
    }
}

/// The edit that makes the root module's backend `snippet` (a `backend`
/// block, indented for a `terraform` block): used by `bootstrap-state`.
/// Empty when the backend is already exactly that.
pub fn backend_changes(project: &Project, snippet: &str) -> Vec<Change> {
    let mut cx = FixCx::new(project, &FixOptions::default());
    let root = project.root_module();
    let file = match root.backend() {
        Some((tf, _)) => project.files[tf.file].display.clone(),
        None => root
            .terraform
            .first()
            .map(|t| project.files[t.file].display.clone())
            .unwrap_or_else(|| cx.root_file("main.tf")),
    };
    let want = tfready_model::hcl_edit::parser::parse_body(snippet)
        .ok()
        .and_then(|b| b.blocks().next().map(block_text));
    cx.edit_file(&file, |body| {
        if block_mut(body, "terraform", &[]).is_none() {
            push_snippet(body, "terraform {\n}\n");
        }
        let tf = block_mut(body, "terraform", &[]).expect("just ensured");
        let current = tf
            .body
            .blocks()
            .find(|b| b.ident.as_str() == "backend")
            .map(block_text);
        if current.is_some() && current == want {
            return;
        }
        if current.is_some() {
            replace_block(
                &mut tf.body,
                "the state bucket was bootstrapped by `tfready bootstrap-state`",
                snippet,
                |b| b.ident.as_str() == "backend",
            );
        } else {
            push_snippet(&mut tf.body, snippet);
        }
    });
    cx.ws.changes()
}
