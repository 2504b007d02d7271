use super::prelude::*;

pub(super) fn default_tags(cx: &mut FixCx<'_>) {
    let project = project_name(cx);
    let env = environment(cx);
    let app = root_string(cx, &project).unwrap_or_else(|| "app".into());
    cx.add_variable(
        "cost_allocation_tags",
        &format!("  description = \"Owner, CostCenter, ManagedBy and Application tags on every resource (Project and Environment come from their variables)\"\n  type        = map(string)\n  default = {{\n    Owner       = \"platform-team\"\n    CostCenter  = \"engineering\"\n    ManagedBy   = \"Terraform\"\n    Application = \"{app}\"\n  }}\n"),
    );
    let providers: Vec<String> = cx
        .project
        .root_module()
        .providers
        .iter()
        .filter(|p| p.name == "aws")
        .map(|p| cx.project.files[p.file].display.clone())
        .collect();
    for file in providers {
        let tags = format!(
            "merge(var.cost_allocation_tags, {{ Project = {project}, Environment = {env} }})"
        );
        let changed = cx
            .edit_file(&file, |body| {
                let Some(p) = find_block_mut(body, |b| b.ident.as_str() == "provider" && b.labels.first().map(|l| l.as_str()) == Some("aws") && !b.body.has_attribute("alias")) else {
                    return false;
                };
                if p.body.blocks().any(|b| b.ident.as_str() == "default_tags") {
                    return false;
                }
                push_snippet(&mut p.body, &format!("\n  # Cost-allocation tags on every resource (tfready fix, roadmap 4.5).\n  default_tags {{\n    tags = {tags}\n  }}\n"));
                true
            })
            .unwrap_or(false);
        if changed {
            cx.done.push(format!(
                "{file}: provider default_tags with the cost-allocation tag set"
            ));
            cx.next_steps.push("Activate the tags once in Billing > Cost allocation tags so Cost Explorer can group by them".into());
        }
    }
}
