use super::prelude::*;

pub(super) fn secrets(cx: &mut FixCx<'_>) {
    use tfready_model::secrets::looks_secret;
    // 1. Secret variables become sensitive.
    let mut vars = Vec::new();
    for m in &cx.project.modules {
        for v in m.variables.values().filter(|v| looks_secret(&v.name)) {
            // A literal default is a secret in the code: it goes.
            let literal = v
                .default
                .as_ref()
                .and_then(|d| d.as_str())
                .is_some_and(|s| !s.is_empty());
            if !v.sensitive || literal {
                vars.push((
                    cx.project.files[v.file].display.clone(),
                    v.name.clone(),
                    literal,
                ));
            }
        }
    }
    for (file, name, literal) in vars {
        let done = cx
            .edit_file(&file, |body| {
                block_mut(body, "variable", &[&name]).map(|b| {
                    let mut c = set_attr(&mut b.body, "sensitive", "true", "  ");
                    if literal {
                        c |= set_attr(&mut b.body, "default", "\"\"", "  ");
                        comment_above(&mut b.body, "default", &["tfready: the literal secret default was removed (Secrets Manager holds secrets)".to_string()]);
                    }
                    c
                })
            })
            .flatten();
        if done == Some(true) {
            cx.done.push(format!(
                "{file}: var.{name} is sensitive{}",
                if literal {
                    ", its literal default removed"
                } else {
                    ""
                }
            ));
        }
    }
    // 2. Secret values leave the tfvars files; the value is written nowhere.
    let mut moved = Vec::new();
    for a in &cx.project.tfvars {
        if let VarOrigin::File(l) = &a.origin {
            if a.value.is_sensitive() && !a.value.as_str().is_some_and(str::is_empty) {
                moved.push((l.file.clone(), a.name.clone()));
            }
        }
    }
    for (file, name) in &moved {
        let n = if file.ends_with(".json") {
            remove_json_key(cx, file, name)
        } else {
            cx.edit_file(file, |body| {
                remove_where(
                    body,
                    "secrets do not belong in variable files (Secrets Manager holds them)",
                    |s| s.as_attribute().is_some_and(|a| a.key.as_str() == name),
                )
            })
            .unwrap_or(0)
        };
        if n > 0 {
            cx.done.push(format!(
                "{file}: {name} removed (its value is not kept anywhere by tfready)"
            ));
        }
        // The variable must not need a value any more.
        let root_var = cx
            .project
            .root_module()
            .variables
            .get(name)
            .filter(|v| v.default.is_none())
            .map(|v| cx.project.files[v.file].display.clone());
        if let Some(vf) = root_var {
            cx.edit_file(&vf, |body| {
                if let Some(b) = block_mut(body, "variable", &[name]) {
                    set_attr(&mut b.body, "default", "\"\"", "  ");
                    set_attr(&mut b.body, "sensitive", "true", "  ");
                }
            });
        }
    }
    // 3. RDS manages the master password in Secrets Manager.
    let dbs: Vec<_> = cx
        .project
        .resources_of("aws_db_instance")
        .filter(|d| d.attr("password").is_some())
        .collect();
    let mut db_secret_source = None;
    for db in dbs {
        let changed = cx
            .edit_resource(&db, |b| {
                let n = remove_where(&mut b.body, "the master password is managed by RDS in Secrets Manager (manage_master_user_password)", |s| {
                    s.as_attribute().is_some_and(|a| a.key.as_str() == "password")
                });
                let set = set_attr(&mut b.body, "manage_master_user_password", "true", "  ");
                n > 0 || set
            })
            .unwrap_or(false);
        if changed {
            cx.done.push(format!(
                "{}: {} uses an RDS-managed master password",
                cx.file_of(&db),
                db.address()
            ));
        }
        // Expose the secret's ARN from the database's module.
        let module_dir = db.module().dir.clone();
        let value = format!(
            "try({}.master_user_secret[0].secret_arn, null)",
            db.resource.address()
        );
        if module_dir.is_empty() {
            db_secret_source = Some(value);
        } else {
            let out_file = format!("{module_dir}/outputs.tf");
            cx.edit_file(&out_file, |body| {
                if block_mut(body, "output", &["db_master_user_secret_arn"]).is_none() {
                    push_snippet(body, &format!("\n# Added by `tfready fix`: where the app reads the database credentials.\noutput \"db_master_user_secret_arn\" {{\n  description = \"ARN of the RDS-managed master user secret (Secrets Manager)\"\n  value       = {value}\n}}\n"));
                }
            });
            if let Some(call) = cx
                .project
                .root_module()
                .calls
                .iter()
                .find(|c| c.source == tfready_model::ModuleSource::Local(db.instance.module))
            {
                db_secret_source = Some(format!("module.{}.db_master_user_secret_arn", call.name));
            }
        }
    }
    // 4. The secrets module: app secrets and a least-privilege read policy for the app role.
    let mut inputs = base_inputs(cx, true);
    if let Some(s) = db_secret_source.or_else(|| {
        cx.project
            .root_module()
            .calls
            .iter()
            .find(|c| c.name == "rds")
            .map(|c| format!("module.{}.db_master_user_secret_arn", c.name))
    }) {
        inputs.push(("rds_master_user_secret_arn", s));
    }
    if let Some(role) = cx.instance_role_name() {
        inputs.push(("app_role_names", format!("[{}]", role.expr)));
    }
    let inputs = with_tags(cx, inputs);
    if cx.add_module(
        "secrets",
        "Secrets Manager: app secrets and the app role's read access",
        None,
        &inputs,
    ) {
        cx.add_output(
            "app_secret_arn",
            "Secrets Manager secret with the application's secrets",
            "module.secrets.app_secret_arn",
        );
        cx.next_steps.push("The app reads its database credentials from Secrets Manager (output db_master_user_secret_arn of the database module) instead of a password in .env".into());
    }
}

/// Removes a top-level key of a `.tfvars.json` file (JSON has no comments,
/// so no note is left in it; the summary says what went).
fn remove_json_key(cx: &mut FixCx<'_>, file: &str, name: &str) -> usize {
    let text = cx.ws.read(file);
    let Ok(serde_json::Value::Object(mut map)) = serde_json::from_str::<serde_json::Value>(&text)
    else {
        return 0;
    };
    if map.remove(name).is_none() {
        return 0;
    }
    let mut out = serde_json::to_string_pretty(&serde_json::Value::Object(map))
        .unwrap_or_else(|_| "{}".into());
    out.push('\n');
    cx.ws.write(file, out);
    1
}
