use crate::fixing::prelude::*;

pub(crate) static FIXER: Fixer = Fixer {
    id: "state",
    title: "S3 backend with encryption and native locking",
    phase: Phase::One,
    order: 20,
    needs: &[],
    also_when: &[],
    run: state,
};

pub(crate) fn state(cx: &mut FixCx<'_>) {
    let root = cx.project.root_module();
    if root.cloud().is_some() {
        return;
    }
    let name = project_name(cx);
    let root = cx.project.root_module();
    // Names S3 accepts, whatever the stack's values hold.
    let project = root_string(cx, &name)
        .map(|n| crate::fixing::hcl::bucket_safe(&n))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "terraform".into());
    // A backend takes no variables: the region as the stack evaluates it,
    // else none (Terraform then reads AWS_REGION or the profile's).
    let region = root
        .providers
        .iter()
        .find(|p| p.name == "aws" && p.block.body.get_attribute("alias").is_none())
        .and_then(|p| p.block.body.get_attribute("region"))
        .and_then(|a| root_eval(cx, &a.value))
        .filter(|r| {
            !r.is_empty()
                && r.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        });
    let env = root_string(cx, &environment(cx)).unwrap_or_else(|| prod_name(cx));
    let key = crate::fixing::hcl::hcl_string(&format!("{env}/terraform.tfstate"));
    let bucket = match &region {
        Some(r) => format!("{project}-terraform-state-{r}"),
        None => format!("{project}-terraform-state"),
    };
    let region_line = region
        .as_ref()
        .map(|r| format!("    region       = \"{r}\"\n"))
        .unwrap_or_default();
    let file = match root.backend() {
        Some((tf, _)) => cx.project.files[tf.file].display.clone(),
        None => root
            .terraform
            .first()
            .map(|t| cx.project.files[t.file].display.clone())
            .unwrap_or_else(|| cx.root_file("main.tf")),
    };
    let snippet = format!(
        "  # Remote state (tfready fix): encrypted, S3 native locking\n  # (Terraform >= 1.10; no DynamoDB table needed). Create the bucket with\n  # `tfready bootstrap-state --bucket {bucket}`, then `terraform init -migrate-state`.\n  backend \"s3\" {{\n    bucket       = \"{bucket}\"\n    key          = {key}\n{region_line}    encrypt      = true\n    use_lockfile = true\n  }}\n"
    );
    let changed = cx
        .edit_file(&file, |body| {
            if block_mut(body, "terraform", &[]).is_none() {
                push_snippet(body, "terraform {\n}\n");
            }
            let tf = block_mut(body, "terraform", &[]).expect("just ensured");
            let existing = tf
                .body
                .blocks()
                .find(|b| b.ident.as_str() == "backend")
                .map(|b| {
                    b.labels
                        .first()
                        .map(|l| l.as_str().to_string())
                        .unwrap_or_default()
                });
            match existing.as_deref() {
                Some("s3") => {
                    let b = find_block_mut(&mut tf.body, |b| b.ident.as_str() == "backend")
                        .expect("found above");
                    let mut c = false;
                    if b.body
                        .get_attribute("encrypt")
                        .and_then(|a| a.value.as_bool())
                        != Some(true)
                    {
                        c |= set_attr(&mut b.body, "encrypt", "true", "    ");
                    }
                    if b.body
                        .get_attribute("use_lockfile")
                        .and_then(|a| a.value.as_bool())
                        != Some(true)
                    {
                        c |= set_attr(&mut b.body, "use_lockfile", "true", "    ");
                    }
                    c
                }
                Some("local") => replace_block(&mut tf.body, "state goes to S3", &snippet, |b| {
                    b.ident.as_str() == "backend"
                }),
                None => {
                    push_snippet(&mut tf.body, &snippet);
                    true
                }
                Some(_) => false,
            }
        })
        .unwrap_or(false);
    if changed {
        cx.done.push(format!(
            "{file}: S3 backend (bucket {bucket}, encrypted, use_lockfile)"
        ));
        cx.next_steps.push(format!(
            "tfready bootstrap-state {} --bucket {bucket}   # creates the state bucket",
            cx.project.display_root
        ));
        cx.next_steps.push(
            "terraform state pull > backup.tfstate   # keep a copy of the current state".into(),
        );
        cx.next_steps.push("terraform init -migrate-state".into());
    }
}
