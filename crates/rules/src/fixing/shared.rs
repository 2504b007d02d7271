use super::cx::FixCx;
use super::hcl::{block_mut, block_text, comment_above, remove_where, set_attr};
use tfready_model::hcl_edit::structure::Structure;
use tfready_model::ResourceRef;

/// The expression naming the stack: its own variable, or a new
/// `project_name` variable the user sets (no name is made up).
pub(crate) fn project_name(cx: &mut FixCx<'_>) -> String {
    if let Some(v) = cx.project.project_var() {
        return format!("var.{v}");
    }
    // A local of the same names (`local.name = "ex-${...}"`).
    let locals = &cx.project.root_module().locals;
    if let Some(l) = tfready_model::naming::PROJECT_VARS
        .iter()
        .find(|n| locals.contains_key(**n))
    {
        return format!("local.{l}");
    }
    if cx.add_variable(
        "project_name",
        "  description = \"Name of the stack, used to name and tag what tfready fix adds\"\n  type        = string\n",
    ) {
        cx.next_steps.push("Set var.project_name (terraform.tfvars or -var): the stack had no variable naming it".into());
    }
    "var.project_name".into()
}

/// The expression naming the environment: the stack's variable, its
/// workspace, or (a stack with one environment) the production name.
pub(crate) fn environment(cx: &FixCx<'_>) -> String {
    match cx.env_var() {
        Some(v) => format!("var.{v}"),
        None if cx.project.env_layout().workspaces => "terraform.workspace".into(),
        None => crate::fixing::hcl::hcl_string(&prod_name(cx)),
    }
}

/// The name the stack gives production: its current environment when that
/// is production, else the production file of its layout, else "prod".
pub(crate) fn prod_name(cx: &FixCx<'_>) -> String {
    use tfready_model::environments::is_prod;
    cx.project
        .environment()
        .filter(|e| is_prod(e))
        .or_else(|| {
            cx.project
                .env_layout()
                .names()
                .find(|e| is_prod(e))
                .map(str::to_string)
        })
        .unwrap_or_else(|| "prod".into())
}

/// A condition, in the module of `r`, that is true in production:
/// `var.ENV == "prod"` (or `terraform.workspace == "prod"` in a stack that
/// switches workspaces). A module without an environment variable gets one,
/// passed from the root's. `None` when the stack has no notion of
/// environments.
pub(crate) fn prod_condition(cx: &mut FixCx<'_>, r: &ResourceRef<'_>) -> Option<String> {
    let prod = prod_name(cx);
    let Some(root_var) = cx.env_var() else {
        return cx.project.env_layout().workspaces.then(|| {
            format!(
                "terraform.workspace == {}",
                crate::fixing::hcl::hcl_string(&prod)
            )
        });
    };
    let module = r.module();
    if module.dir.is_empty() {
        return Some(format!(
            "var.{root_var} == {}",
            crate::fixing::hcl::hcl_string(&prod)
        ));
    }
    if let Some(v) = tfready_model::environments::env_var(module) {
        return Some(format!(
            "var.{v} == {}",
            crate::fixing::hcl::hcl_string(&prod)
        ));
    }
    // Thread the root's environment into the module.
    let dir = module.dir.clone();
    if !cx.set_call_inputs(r.instance.module, &[(&root_var, format!("var.{root_var}"))]) {
        return None;
    }
    cx.add_module_variable(&dir, &root_var, "Deployment environment", None);
    Some(format!(
        "var.{root_var} == {}",
        crate::fixing::hcl::hcl_string(&prod)
    ))
}

/// Whether an attribute's expression already depends on the environment
/// (a choice the user made per environment, left alone).
/// (The variable a run declares is one of `ENV_VARS` too.)
pub(crate) fn per_environment(a: &tfready_model::AttrRef<'_>) -> bool {
    let text = a.source_text();
    text.contains("terraform.workspace")
        || tfready_model::environments::ENV_VARS
            .iter()
            .any(|v| text.contains(&format!("var.{v}")) || text.contains(&format!("local.{v}")))
}

/// Variables that hold the tags a stack puts on everything, in the order tried.
pub(crate) const TAG_VARS: &[&str] = &["global_tags", "tags", "common_tags", "default_tags"];

pub(crate) fn tags(cx: &FixCx<'_>) -> Option<String> {
    cx.wiring.var(TAG_VARS)
}

/// Common inputs every module takes.
pub(crate) fn base_inputs(cx: &mut FixCx<'_>, with_env: bool) -> Vec<(&'static str, String)> {
    let mut v = vec![("project_name", project_name(cx))];
    if with_env {
        v.push(("environment", environment(cx)));
    }
    v
}

pub(crate) fn with_tags(
    cx: &FixCx<'_>,
    mut inputs: Vec<(&'static str, String)>,
) -> Vec<(&'static str, String)> {
    if let Some(t) = tags(cx) {
        inputs.push(("tags", t));
    }
    inputs
}

pub(crate) fn missing(cx: &mut FixCx<'_>, fixer: &str, what: &str) {
    cx.next_steps.push(format!(
        "{fixer}: could not find {what} in the stack; the module was not added"
    ));
}

/// Evaluates a root expression (as text) to a string, when known.
pub(crate) fn root_string(cx: &FixCx<'_>, expr: &str) -> Option<String> {
    root_eval(cx, &tfready_model::ast::parse_expr(expr).ok()?)
}

/// Evaluates a root module expression.
pub(crate) fn root_eval_value(
    cx: &FixCx<'_>,
    expr: &tfready_model::ast::Expression,
) -> tfready_model::Value {
    let env = tfready_model::InstanceEnv {
        project: cx.project,
        instance: &cx.project.instances[0],
    };
    tfready_model::Evaluator::new(&env).eval(expr)
}

/// Evaluates a root module expression to a string, when known.
pub(crate) fn root_eval(cx: &FixCx<'_>, expr: &tfready_model::ast::Expression) -> Option<String> {
    root_eval_value(cx, expr).as_string()
}

/// Removes from the user data of instances and launch templates (scripts
/// read by `file` / `templatefile`, and inline heredocs) the commands that
/// run any of `words`, as shell (see `crate::shell`): the scripts keep
/// working and keep every line, commented, with a note saying why.
pub(crate) fn remove_from_user_data(cx: &mut FixCx<'_>, words: &[&str], why: &str) {
    let mut scripts = Vec::new();
    let mut inline = Vec::new();
    let mut instances = Vec::new();
    for r in crate::helpers::launchers(cx.project) {
        let Some(attr) = r.attr("user_data").or_else(|| r.attr("user_data_base64")) else {
            continue;
        };
        // The first text is the attribute itself; the rest are the scripts it reads.
        let texts = crate::helpers::text_with_files(&attr);
        if texts.iter().any(|(_, t)| crate::helpers::runs(t, words)) {
            let replaces = r.resource.ty == "aws_instance"
                && r.eval("user_data_replace_on_change")
                    .and_then(|v| v.as_bool())
                    == Some(true);
            instances.push((r.address(), r.resource.ty.clone(), replaces));
        }
        for (place, _) in texts.iter().skip(1) {
            scripts.push(place.clone());
        }
        if attr.source_text().contains("<<") {
            inline.push(cx.file_of(&r));
        }
    }
    scripts.sort();
    scripts.dedup();
    inline.sort();
    inline.dedup();
    for script in scripts {
        let text = cx.ws.read(&script);
        if let Some((new, n)) = crate::shell::remove_commands(&text, words, why) {
            cx.ws.write(&script, new);
            cx.done
                .push(format!("{script}: {n} command(s) changed ({why})"));
        }
        // What the shell edit leaves (a `case` item, a condition) is named.
        if crate::helpers::runs(&cx.ws.read(&script), words) {
            cx.next_steps.push(format!(
                "{script}: still runs what was replaced ({why}) in a `case` item or a condition fix does not rewrite; edit it by hand"
            ));
        }
    }
    // What the edit does to what runs: user data runs at first boot.
    for (address, ty, replaces) in instances {
        if replaces {
            cx.done.push(format!(
                "REPLACES {address}: it sets user_data_replace_on_change, so the edited user data recreates the instance"
            ));
        } else if ty == "aws_instance" {
            cx.done.push(format!(
                "STOPS AND STARTS {address}: AWS applies new user data to a stopped instance (minutes of downtime; a new public IP unless it has an Elastic IP)"
            ));
            cx.next_steps.push(format!(
                "{address}: user data runs at first boot only; the running instance keeps what was removed ({why}) until it is replaced or cleaned by hand"
            ));
        }
    }
    // Inline scripts: the heredocs of the file that are shell scripts (an
    // earlier fix may have edited the file, so it is read as it is now).
    for file in inline {
        let text = cx.ws.read(&file);
        if let Some((new, n)) = edit_heredocs(&text, words, why) {
            cx.ws.write(&file, new);
            cx.done
                .push(format!("{file}: {n} user-data command(s) changed ({why})"));
        }
    }
}

/// Applies the shell edit to the body of each heredoc of a file's text that
/// is a shell script (starts with `#!`).
fn edit_heredocs(text: &str, words: &[&str], why: &str) -> Option<(String, usize)> {
    let mut out = String::new();
    let mut rest = text;
    let mut total = 0;
    while let Some(i) = rest.find("<<") {
        let after = &rest[i + 2..];
        let after_dash = after.strip_prefix('-').unwrap_or(after);
        let marker: String = after_dash
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let Some(nl) = after.find('\n') else { break };
        if marker.is_empty() {
            out.push_str(&rest[..i + 2]);
            rest = after;
            continue;
        }
        let body_start = i + 2 + nl + 1;
        let body = &rest[body_start..];
        // The closing marker: a line holding only it.
        let mut end = None;
        let mut pos = 0;
        for line in body.split_inclusive('\n') {
            if line.trim() == marker {
                end = Some(pos);
                break;
            }
            pos += line.len();
        }
        let Some(end) = end else { break };
        out.push_str(&rest[..body_start]);
        let script = &body[..end];
        if !script.trim_start().starts_with("#!") {
            out.push_str(script);
            rest = &body[end..];
            continue;
        }
        match crate::shell::remove_commands(script, words, why) {
            Some((new, n)) => {
                out.push_str(&new);
                total += n;
            }
            None => out.push_str(&body[..end]),
        }
        rest = &body[end..];
    }
    out.push_str(rest);
    (total > 0).then_some((out, total))
}

/// Inline rule blocks (`kind`: `ingress` or `egress`) of security groups,
/// as written (for removal by text), but those `keep` accepts given
/// (from_port, to_port, open to the world, all protocols).
pub(crate) fn rule_texts(
    cx: &FixCx<'_>,
    kind: &str,
    keep: impl Fn(Option<f64>, Option<f64>, bool, bool) -> bool,
) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for sg in cx.project.resources_of("aws_security_group") {
        let file = cx.file_of(&sg);
        for b in sg
            .resource
            .block
            .body
            .blocks()
            .filter(|b| b.ident.as_str() == kind)
        {
            let block = sg
                .body()
                .blocks(kind)
                .into_iter()
                .find(|x| std::ptr::eq(x.body, &b.body));
            let Some(block) = block else { continue };
            let from = block.eval("from_port").and_then(|v| v.as_f64());
            let to = block.eval("to_port").and_then(|v| v.as_f64());
            let world = ["cidr_blocks", "ipv6_cidr_blocks"].iter().any(|a| {
                block.eval(a).is_some_and(|v| {
                    let s = v.to_string();
                    s.contains("0.0.0.0/0") || s.contains("::/0")
                })
            });
            let all = matches!(
                block
                    .eval("protocol")
                    .and_then(|v| v.as_string())
                    .as_deref(),
                Some("-1" | "all")
            );
            if !keep(from, to, world, all) {
                let source = &cx.project.files[sg.resource.file];
                // Normalised like the workspace's blocks it is matched against.
                let Some(text) = source.text_of(b).and_then(|t| {
                    let body = tfready_model::hcl_edit::parser::parse_body(t).ok()?;
                    let text = body.blocks().next().map(block_text);
                    text
                }) else {
                    continue;
                };
                out.push((file.clone(), sg.resource.name.clone(), text));
            }
        }
    }
    out
}

/// Removes rule blocks found by [`rule_texts`] with the same `kind`.
pub(crate) fn remove_rules(
    cx: &mut FixCx<'_>,
    kind: &str,
    blocks: Vec<(String, String, String)>,
    note: &str,
) -> usize {
    let mut n = 0;
    for (file, sg, text) in blocks {
        n += cx
            .edit_file(&file, |body| {
                let Some(b) = block_mut(body, "resource", &["aws_security_group", &sg]) else {
                    return 0;
                };
                let n = remove_where(&mut b.body, note, |s: &Structure| {
                    s.as_block()
                        .is_some_and(|x| x.ident.as_str() == kind && block_text(x) == text)
                });
                if n > 0 {
                    revoke_if_none_left(&mut b.body, kind);
                }
                n
            })
            .unwrap_or(0);
    }
    n
}

/// When the last inline `ingress`/`egress` block of a group is gone, says
/// so with `ident = []`: Terraform reads an absent attribute-as-blocks as
/// "no opinion" and would leave the removed rules in AWS.
pub(crate) fn revoke_if_none_left(
    body: &mut tfready_model::hcl_edit::structure::Body,
    ident: &str,
) {
    let left = body.iter().any(|s| {
        s.as_block().is_some_and(|b| {
            b.ident.as_str() == ident
                || (b.ident.as_str() == "dynamic"
                    && b.labels.first().is_some_and(|l| l.as_str() == ident))
        }) || s.as_attribute().is_some_and(|a| a.key.as_str() == ident)
    });
    if !left {
        set_attr(body, ident, "[]", "  ");
        comment_above(
            body,
            ident,
            &[format!(
                "tfready: no {ident} rule is left; `{ident} = []` (not an absent block) makes Terraform revoke the removed ones"
            )],
        );
    }
}

/// Whether the root calls tfready's module `name` (written by an earlier
/// fixer of this run or already there; a user's module of that name is not).
pub(crate) fn root_calls(cx: &mut FixCx<'_>, name: &str) -> bool {
    cx.ours(name)
}

/// The app's health check path: `health-path` of the configuration, else
/// the one the stack's own target group checks; `None` leaves the module's
/// default (AWS's `/`).
pub(crate) fn health_path(cx: &FixCx<'_>) -> Option<String> {
    cx.opts.health_path.clone().or_else(|| {
        cx.project
            .resources_of("aws_lb_target_group")
            .flat_map(|tg| tg.blocks("health_check"))
            .find_map(|h| h.eval("path").and_then(|v| v.as_string()))
    })
}
