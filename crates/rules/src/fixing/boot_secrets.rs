use crate::fixing::prelude::*;

/// A secret the bootstrap reads at boot: the template variable naming its
/// ARN, the shell variable it lands in, and the JSON key of the secret.
struct BootSecret {
    arn_var: &'static str,
    shell_var: &'static str,
    key: &'static str,
    arn: String,
}

/// The user-data scripts (`templatefile`) stop receiving secrets from
/// Terraform: where the database password was rendered in, and where the
/// app is pointed at a Redis on the instance, the script reads the
/// RDS-managed secret and the ElastiCache auth token from Secrets Manager
/// at boot, through the instance role (the secrets module's read policy
/// names both), and the Redis URL becomes the ElastiCache TLS endpoint.
pub fn boot_secrets(cx: &mut FixCx<'_>) {
    let db_arn = cx.root_call_input("secrets", "rds_master_user_secret_arn");
    let redis = cx.ours("elasticache");
    let Some(inst) = crate::fixing::launch_model::model_instance(cx.project) else {
        return;
    };
    let Some(attr) = inst.attr("user_data") else {
        return;
    };
    let text = attr.source_text();
    if !text.trim_start().starts_with("templatefile(") {
        return;
    }
    let scripts: Vec<String> = crate::helpers::text_with_files(&attr)
        .into_iter()
        .skip(1)
        .map(|(place, _)| place)
        .collect();
    let [script] = scripts.as_slice() else {
        return;
    };
    let mut script_text = cx.ws.read(script);
    let original = script_text.clone();
    let mut secrets = Vec::new();
    // `${key}` of a password in the template becomes the shell variable.
    if let Some(arn) = db_arn {
        let keys = template_keys(text);
        if let Some(k) = keys.iter().find(|k| k.contains("password")) {
            let placeholder = format!("${{{k}}}");
            if let Some(next) = replace_placeholder(&script_text, &placeholder, "$DB_PASSWORD") {
                script_text = next;
                secrets.push(BootSecret {
                    arn_var: "db_secret_arn",
                    shell_var: "DB_PASSWORD",
                    key: "password",
                    arn,
                });
            }
        }
    }
    let mut extra = Vec::new();
    if redis {
        let to = "rediss://:$REDIS_AUTH_TOKEN@${redis_host}:${redis_port}";
        let mut found = false;
        for l in ["redis://localhost:6379", "redis://127.0.0.1:6379"] {
            if let Some(next) = replace_placeholder(&script_text, l, to) {
                script_text = next;
                found = true;
            }
        }
        if found {
            secrets.push(BootSecret {
                arn_var: "redis_secret_arn",
                shell_var: "REDIS_AUTH_TOKEN",
                key: "auth_token",
                arn: cx.module_ref("elasticache", "auth_token_secret_arn"),
            });
            extra.push((
                "redis_host",
                cx.module_ref("elasticache", "primary_endpoint_address"),
            ));
            extra.push(("redis_port", cx.module_ref("elasticache", "port")));
        }
    }
    if secrets.is_empty() {
        return;
    }
    let Some(at) = first_use(&script_text, &secrets) else {
        return;
    };
    let mut block = String::from(
        "# tfready: secrets are read at boot through the instance role (Secrets\n# Manager), never rendered into the user data.\nsecret_value() {\n  aws secretsmanager get-secret-value --region \"$(echo \"$1\" | cut -d: -f4)\" \\\n    --secret-id \"$1\" --query SecretString --output text |\n    python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' \"$2\"\n}\n",
    );
    // The lines changed, kept as comments (escaped: the template must not
    // render a secret into them).
    let new_lines: std::collections::HashSet<&str> = script_text.lines().collect();
    for old in original.lines().filter(|l| !new_lines.contains(l)) {
        block.push_str(&format!(
            "# tfready: was: {}\n",
            old.trim().replace("${", "$${")
        ));
    }
    for s in &secrets {
        block.push_str(&format!(
            "{}=\"$(secret_value \"${{{}}}\" {})\"\n",
            s.shell_var, s.arn_var, s.key
        ));
    }
    block.push('\n');
    let mut lines: Vec<&str> = script_text.split_inclusive('\n').collect();
    lines.insert(at, &block);
    cx.ws.write(script, lines.concat());
    cx.done.push(format!(
        "{script}: reads {} from Secrets Manager at boot",
        secrets
            .iter()
            .map(|s| s.shell_var)
            .collect::<Vec<_>>()
            .join(" and ")
    ));
    // The template receives the ARNs (and the Redis endpoint).
    let mut inputs: Vec<(&str, String)> =
        secrets.iter().map(|s| (s.arn_var, s.arn.clone())).collect();
    inputs.extend(extra);
    pass_to_template(cx, &inst, &inputs);
    if redis {
        let arn = cx.module_ref("elasticache", "auth_token_secret_arn");
        cx.set_root_call_input("secrets", "additional_secret_arns", &format!("[{arn}]"));
    }
}

/// Replaces the template interpolation `placeholder` (not an escaped
/// `$${...}`); `None` when there is none.
/// Comment lines are left alone (they keep what was replaced).
fn replace_placeholder(text: &str, placeholder: &str, with: &str) -> Option<String> {
    let mut found = false;
    let out: String = text
        .split_inclusive('\n')
        .map(|line| {
            if line.trim_start().starts_with('#') {
                return line.to_string();
            }
            let mut out = String::new();
            let mut rest = line;
            while let Some(i) = rest.find(placeholder) {
                let escaped = rest[..i].ends_with('$');
                out.push_str(&rest[..i]);
                out.push_str(if escaped { placeholder } else { with });
                found |= !escaped;
                rest = &rest[i + placeholder.len()..];
            }
            out.push_str(rest);
            out
        })
        .collect();
    found.then_some(out)
}

/// The keys of the `templatefile(path, { ... })` object, in order.
fn template_keys(text: &str) -> Vec<String> {
    let Some(open) = text.find("{\n") else {
        return Vec::new();
    };
    text[open + 1..]
        .lines()
        .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_string()))
        .filter(|k| !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .collect()
}

/// The line before which the secrets are read: the first that uses one,
/// or the start of the heredoc holding it.
fn first_use(script: &str, secrets: &[BootSecret]) -> Option<usize> {
    let mut heredoc: Option<(String, usize)> = None;
    for (i, line) in script.lines().enumerate() {
        if let Some((delim, start)) = &heredoc {
            if secrets
                .iter()
                .any(|s| line.contains(&format!("${}", s.shell_var)))
            {
                return Some(*start);
            }
            if line.trim() == delim {
                heredoc = None;
            }
            continue;
        }
        if secrets
            .iter()
            .any(|s| line.contains(&format!("${}", s.shell_var)))
        {
            return Some(i);
        }
        if let Some(pos) = line.find("<<") {
            let delim: String = line[pos + 2..]
                .trim_start_matches('-')
                .trim()
                .trim_matches(|c| c == '\'' || c == '"')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !delim.is_empty() {
                heredoc = Some((delim, i));
            }
        }
    }
    None
}

/// Adds entries to the instance's `templatefile` object, threading each
/// value into the instance's module as a variable when it is not the root.
fn pass_to_template(
    cx: &mut FixCx<'_>,
    inst: &tfready_model::ResourceRef<'_>,
    inputs: &[(&str, String)],
) {
    let in_root = inst.instance.parent.is_none();
    let mut entries = Vec::new();
    for (k, v) in inputs {
        let value = if in_root {
            v.clone()
        } else {
            format!("var.{k}")
        };
        entries.push((k.to_string(), value));
    }
    cx.edit_resource(inst, |b| {
        let Some(a) = b.body.get_attribute("user_data") else {
            return;
        };
        let text = a.value.to_string();
        let have = template_keys(&text);
        let add: Vec<&(String, String)> =
            entries.iter().filter(|(k, _)| !have.contains(k)).collect();
        if add.is_empty() {
            return;
        }
        let Some(new) = add_entries(&text, &add) else {
            return;
        };
        set_attr(&mut b.body, "user_data", new.trim(), "  ");
    });
    if !in_root {
        let dir = inst.module().dir.clone();
        for (k, _) in inputs {
            cx.add_module_variable(
                &dir,
                k,
                "Passed to the user-data template by tfready fix",
                None,
            );
        }
        let inputs: Vec<(&str, String)> = inputs.iter().map(|(k, v)| (*k, v.clone())).collect();
        cx.set_call_inputs(inst.instance.module, &inputs);
    }
}

/// The object of `templatefile(path, {...})` with `add` appended, its
/// one-line entries aligned as `terraform fmt` aligns them.
fn add_entries(text: &str, add: &[&(String, String)]) -> Option<String> {
    let close = text.rfind('}')?;
    let line_start = text[..close].rfind('\n')? + 1;
    let mut lines: Vec<String> = text[..line_start].lines().map(str::to_string).collect();
    let first_entry = lines.iter().position(|l| l.trim_end().ends_with('{'))? + 1;
    let indent: String = lines
        .get(first_entry)
        .map(|l| l.chars().take_while(|c| c.is_whitespace()).collect())
        .unwrap_or_else(|| "  ".into());
    for (k, v) in add {
        lines.push(format!("{indent}{k} = {v}"));
    }
    let entry = |l: &str| {
        l.split_once('=').and_then(|(k, v)| {
            let k = k.trim();
            (l.starts_with(&indent)
                && !l[indent.len()..].starts_with(' ')
                && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
            .then(|| (k.to_string(), v.trim().to_string()))
        })
    };
    let width = lines[first_entry..]
        .iter()
        .filter_map(|l| entry(l))
        .map(|(k, _)| k.len())
        .max()
        .unwrap_or(0);
    for l in lines[first_entry..].iter_mut() {
        if let Some((k, v)) = entry(l) {
            *l = format!("{indent}{k:<width$} = {v}");
        }
    }
    Some(format!("{}\n{}", lines.join("\n"), &text[line_start..]))
}
