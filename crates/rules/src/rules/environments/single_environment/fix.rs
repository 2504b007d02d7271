//! One variables file per environment, for a stack that has a single set of
//! values. The files go where such files usually live (`environments/`),
//! and hold the stack's own values: what its tfvars set today (secrets
//! excepted) plus the environment's name. A stack that already separates
//! its environments (a directory of tfvars files, root `NAME.tfvars` files,
//! or workspaces) is left as it is.

use crate::fixing::prelude::*;
use tfready_model::environments::DEFAULT_ENV_DIR;

pub(crate) static FIXER: Fixer = Fixer {
    id: "environments",
    title: "Per-environment variable files",
    phase: Phase::QuickWin,
    // First: what later fixes write per environment needs the variable it
    // may declare.
    order: 10,
    needs: &[],
    also_when: &[],
    run: environments,
};

pub(crate) fn environments(cx: &mut FixCx<'_>) {
    if cx.project.env_layout().has_environments() {
        return;
    }
    let prod = prod_name(cx);
    let var = match cx.env_var() {
        Some(v) => v,
        None => {
            cx.added_env_var = Some("environment".into());
            cx.add_variable(
                "environment",
                &format!("  description = \"Deployment environment (one variables file each under {DEFAULT_ENV_DIR}/)\"\n  type        = string\n  default     = {}\n", crate::fixing::hcl::hcl_string(&prod)),
            );
            "environment".into()
        }
    };
    let values = current_values(cx, &var);
    for env in ["dev", "staging", prod.as_str()] {
        let path = format!("{DEFAULT_ENV_DIR}/{env}.tfvars");
        if cx.ws.exists(&path) {
            continue;
        }
        let note = if env == prod {
            "The values the stack has today."
        } else {
            "A copy of today's values: size this environment here (instance\n# types, counts, Multi-AZ) and give it its own names and network."
        };
        let mut text = format!(
            "# {env}: terraform plan -var-file={path}\n# {note}\n# Secrets are not kept here (Secrets Manager holds them).\n\n{var} = {}\n", crate::fixing::hcl::hcl_string(env)
        );
        if !values.is_empty() {
            text.push('\n');
            text.push_str(&values);
        }
        if let Ok(mut body) = tfready_model::hcl_edit::parser::parse_body(&text) {
            align(&mut body);
            text = body.to_string();
        }
        cx.ws.write(&path, text);
        cx.done.push(format!("{path} written"));
    }
    cx.next_steps.push(format!(
        "terraform plan -var-file={DEFAULT_ENV_DIR}/{prod}.tfvars   # one state per environment (a backend key or workspace each)"
    ));
}

/// The stack's non-secret assignments in its root tfvars files, as written
/// (the environment variable excepted).
fn current_values(cx: &mut FixCx<'_>, env_var: &str) -> String {
    // The assignment that wins for each name: the last file's, as in
    // Terraform; kept when it is a plain value of a root HCL tfvars file.
    let mut decided = Vec::new();
    let mut kept: Vec<(String, String)> = Vec::new();
    for a in cx.project.tfvars.iter().rev() {
        let tfready_model::VarOrigin::File(l) = &a.origin else {
            continue;
        };
        if decided.contains(&a.name) {
            continue;
        }
        decided.push(a.name.clone());
        if a.name != env_var
            && !a.value.is_sensitive()
            && !l.file.ends_with(".json")
            && !l.file.contains('/')
        {
            kept.push((a.name.clone(), l.file.clone()));
        }
    }
    kept.reverse();
    let mut out = String::new();
    for (name, file) in kept {
        let text = cx.ws.read(&file);
        let Ok(body) = tfready_model::hcl_edit::parser::parse_body(&text) else {
            continue;
        };
        if let Some(attr) = body.get_attribute(&name) {
            out.push_str(&format!("{name} = {}\n", attr.value.to_string().trim()));
        }
    }
    out
}
