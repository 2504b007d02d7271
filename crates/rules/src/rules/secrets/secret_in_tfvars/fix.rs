use crate::fixing::prelude::*;

pub(crate) static FIXER: Fixer = Fixer {
    id: "secrets",
    title: "Secrets out of tfvars, sensitive variables, RDS-managed password, Secrets Manager",
    phase: Phase::One,
    order: 30,
    needs: &[],
    also_when: &[],
    run: secrets,
};

pub(crate) fn secrets(cx: &mut FixCx<'_>) {
    use tfready_model::secrets::looks_secret;
    // 1. Secret variables become sensitive.
    let mut vars = Vec::new();
    for m in cx.project.modules.iter() {
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
                    still_used(cx.project, m, &v.name),
                ));
            }
        }
    }
    for (file, name, literal, used) in vars {
        let done = cx
            .edit_file(&file, |body| {
                block_mut(body, "variable", &[&name]).map(|b| {
                    let mut c = set_attr(&mut b.body, "sensitive", "true", "  ");
                    if literal && used {
                        // Still read: Terraform asks for it (TF_VAR_...), no
                        // empty value stands in.
                        // Removed without a trace of its value.
                        c |= b.body.remove_attribute("default").is_some();
                        comment_above(&mut b.body, "sensitive", &["tfready: the literal secret default was removed; supply the value at plan time (TF_VAR_...) or from Secrets Manager".to_string()]);
                    } else if literal {
                        c |= set_attr(&mut b.body, "default", "\"\"", "  ");
                        comment_above(&mut b.body, "default", &["tfready: the literal secret default was removed (nothing reads it any more)".to_string()]);
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
        // A variable nothing reads any more must not need a value; one
        // still read keeps asking for it (TF_VAR_...), never an empty value.
        let root = cx.project.root_module();
        let used = still_used(cx.project, root, name);
        let root_var = root
            .variables
            .get(name)
            .filter(|v| v.default.is_none() && !used)
            .map(|v| cx.project.files[v.file].display.clone());
        if used && root.variables.contains_key(name) {
            cx.next_steps.push(format!(
                "var.{name} is still read by the stack: supply it at plan time (TF_VAR_{name}, from your secret store), or move its readers to Secrets Manager"
            ));
        }
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
    // (Aurora clusters too: `master_password` there.)
    let dbs: Vec<_> = cx
        .project
        .resources_of("aws_db_instance")
        .filter(|d| d.attr("password").is_some())
        .chain(
            cx.project
                .resources_of("aws_rds_cluster")
                .filter(|d| d.attr("master_password").is_some()),
        )
        .collect();
    let mut db_secret_source = None;
    for db in dbs {
        let key = if db.resource.ty == "aws_rds_cluster" {
            "master_password"
        } else {
            "password"
        };
        let changed = cx
            .edit_resource(&db, |b| {
                let n = remove_where(&mut b.body, "the master password is managed by RDS in Secrets Manager (manage_master_user_password)", |s| {
                    s.as_attribute().is_some_and(|a| a.key.as_str() == key)
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
    if let Some(s) = db_secret_source {
        inputs.push(("rds_master_user_secret_arn", s));
    }
    // The app secret's keys are the stack's own secrets that something still
    // reads (an API key in user data), not the database's password, which
    // RDS keeps in its own secret now.
    let root = cx.project.root_module();
    let keys: Vec<String> = root
        .variables
        .values()
        .filter(|v| looks_secret(&v.name) && still_used(cx.project, root, &v.name))
        .map(|v| v.name.clone())
        .filter(|n| {
            let n = n.to_ascii_lowercase();
            !(n.contains("db")
                || n.contains("database")
                || n.contains("rds")
                || n.contains("master"))
        })
        .collect();
    inputs.push((
        "app_secret_keys",
        format!(
            "[{}]",
            keys.iter()
                .map(|k| crate::fixing::hcl::hcl_string(k))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    ));
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
            &cx.module_ref("secrets", "app_secret_arn"),
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

/// Whether a module still reads `var.NAME` once the database password
/// attributes this fix replaces are gone.
fn still_used(
    project: &tfready_model::Project,
    module: &tfready_model::Module,
    name: &str,
) -> bool {
    let var = format!("var.{name}");
    module.files.iter().any(|&f| {
        project.files[f].text.lines().any(|l| {
            let t = l.trim_start();
            let replaced = t.starts_with("password") || t.starts_with("master_password");
            !replaced
                && !t.starts_with('#')
                && l.match_indices(&var).any(|(at, _)| {
                    !l[at + var.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
                })
        })
    })
}
