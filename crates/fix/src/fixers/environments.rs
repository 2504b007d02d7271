use super::prelude::*;

pub(super) fn environments(cx: &mut FixCx<'_>) {
    if cx.project.root.join("environments").is_dir() {
        return;
    }
    let declared: Vec<String> = cx.project.root_module().variables.keys().cloned().collect();
    let added = cx.ws.read(&cx.root_file("variables.tf"));
    for env in ["dev", "staging", "prod"] {
        let path = format!("environments/{env}.tfvars");
        if cx.ws.exists(&path) {
            continue;
        }
        let template = cx.template(&format!("environments/{env}.tfvars"));
        // Keep only the variables this stack declares; comments stay.
        let kept: Vec<&str> = template
            .lines()
            .filter(|l| {
                let name = l.split('=').next().unwrap_or("").trim();
                let is_assignment =
                    l.contains('=') && !l.trim_start().starts_with('#') && !l.starts_with(' ');
                !is_assignment
                    || declared.iter().any(|d| d == name)
                    || added.contains(&format!("variable \"{name}\""))
            })
            .collect();
        let mut text = kept.join("\n");
        text.push('\n');
        // Dropped lines leave groups misaligned: line them up again.
        if let Ok(mut body) = tfready_model::hcl_edit::parser::parse_body(&text) {
            align(&mut body);
            text = body.to_string();
        }
        // The stack's own non-secret values, where the template has none.
        cx.ws.write(&path, text);
        cx.done.push(format!("{path} written"));
    }
    cx.next_steps.push("terraform plan -var-file=environments/prod.tfvars   # one state per environment (backend key)".into());
}
