use crate::fixing::prelude::*;
use tfready_model::ResourceRef;

use crate::fixing::wiring::Source;

pub(crate) static FIXER: Fixer = Fixer {
    id: "asg",
    title: "Auto Scaling group behind the load balancer, replacing the single instance",
    phase: Phase::Three,
    order: 170,
    needs: &["alb"],
    also_when: &["TFR041"],
    run: asg,
};

/// The variable of the instance's module that retires it once the Auto
/// Scaling group serves the app.
const GATE: &str = "replaced_by_asg";

/// An Auto Scaling group behind the load balancer, launched as the single
/// instance is (its type, AMI, instance profile, user data and root volume
/// size, read from its configuration), which then retires the instance and
/// what hangs on it (its Elastic IP): they get `count = 0`, with `moved`
/// blocks so setting the gate back to false brings them back unchanged.
pub(crate) fn asg(cx: &mut FixCx<'_>) {
    // The user data the group launches with reads its secrets at boot.
    crate::fixing::boot_secrets::boot_secrets(cx);
    let Some(inst) = crate::fixing::launch_model::model_instance(cx.project) else {
        return missing(cx, "asg", "an aws_instance to launch the group like");
    };
    let retire_it = crate::fixing::launch_model::replaced_instance(cx.project).is_some();
    let target_group = if root_calls(cx, "alb") {
        let count = cx.module_count("alb").map(str::to_string);
        let idx = if count.is_some() { "[0]" } else { "" };
        Some(Source {
            expr: format!("module.alb{idx}.target_group_arn"),
            count,
        })
    } else {
        cx.expose_first("aws_lb_target_group", "arn", |_| true)
    };
    let (Some(tg), Some(subnets), Some(sg)) =
        (target_group, cx.subnets(true), cx.app_security_group())
    else {
        return missing(
            cx,
            "asg",
            "a load balancer target group, the public subnets and the app's security group",
        );
    };
    let launch = |cx: &mut FixCx<'_>, attr: &str, sensitive: bool| {
        launch_setting(cx, &inst, attr, sensitive)
    };
    let Some(ty) = launch(cx, "instance_type", false) else {
        return missing(cx, "asg", "the instance's type as a plain expression");
    };
    let mut inputs = base_inputs(cx, true);
    inputs.push(("subnet_ids", subnets.expr.clone()));
    inputs.push(("app_security_group_id", sg.expr.clone()));
    inputs.push(("target_group_arns", format!("[{}]", tg.expr)));
    inputs.push(("instance_type", ty.expr.clone()));
    let mut sources = vec![tg.clone(), subnets.clone(), sg.clone(), ty];
    for (attr, input, sensitive) in [
        ("iam_instance_profile", "instance_profile_name", false),
        ("ami", "ami_id", false),
        ("user_data", "user_data", true),
    ] {
        if let Some(s) = launch(cx, attr, sensitive) {
            inputs.push((input, s.expr.clone()));
            sources.push(s);
        }
    }
    let size = inst
        .resource
        .block
        .body
        .get_blocks("root_block_device")
        .next()
        .and_then(|b| b.body.get_attribute("volume_size"))
        .and_then(|a| cx.project.files[inst.resource.file].text_of(&a.value))
        .map(|t| t.trim().to_string());
    if let Some(size) = size.and_then(|t| module_setting(cx, &inst, "root_volume_size", &t, false))
    {
        inputs.push(("root_volume_size", size.expr));
    }
    if root_calls(cx, "monitoring") {
        inputs.push((
            "alarm_topic_arn",
            cx.module_ref("monitoring", "sns_topic_arn"),
        ));
    }
    let inputs = with_tags(cx, inputs);
    let count = combined_count(&sources.iter().collect::<Vec<_>>());
    if !cx.add_module(
        "asg",
        "Auto Scaling group behind the load balancer: the app's servers",
        count.as_deref(),
        &inputs,
    ) {
        return;
    }
    // True wherever the group exists (a condition of its count, not a
    // reference to it: the group reads the instance's module).
    let live = match count.as_deref() {
        None => "true".to_string(),
        Some(c) => c
            .strip_suffix(" ? 1 : 0")
            .map_or_else(|| format!("({c}) > 0"), str::to_string),
    };
    let idx = if count.is_some() { "[0]" } else { "" };
    if root_calls(cx, "monitoring") {
        let group =
            format!("{{ name = module.asg{idx}.asg_name, min_size = module.asg{idx}.min_size }}");
        let value = if count.is_some() {
            format!("{live} ? {group} : null")
        } else {
            group
        };
        cx.set_root_call_input("monitoring", "asg", &value);
    }
    if !retire_it {
        cx.next_steps.push(format!(
            "Auto Scaling group: once its targets are healthy, retire {} (and what depends on it) by hand: its shape (count, several instances) is not one fix rewrites",
            inst.address()
        ));
    } else if retire(cx, &inst, &live) {
        cx.done.push(format!(
            "{}: {} and what depends on it are retired where the Auto Scaling group runs (count = 0; `moved` blocks keep their state)",
            cx.file_of(&inst),
            inst.address()
        ));
        cx.next_steps.push(format!(
            "Auto Scaling group: for a switch-over without downtime, first apply with {} kept (set the gate false), check the group's targets are healthy, then apply again to retire the instance",
            inst.address()
        ));
    }
}

/// The root expression of the instance's `attr` as configured (not as
/// read from the resource, which the group outlives): in the root, the
/// expression itself; in a module, an output of it.
fn launch_setting(
    cx: &mut FixCx<'_>,
    inst: &ResourceRef<'_>,
    attr: &str,
    sensitive: bool,
) -> Option<Source> {
    // As the fixes before left it.
    let text = cx
        .edit_resource(inst, |b| {
            b.body
                .get_attribute(attr)
                .map(|a| a.value.to_string().trim().to_string())
        })
        .flatten()?;
    module_setting(cx, inst, attr, &text, sensitive)
}

fn module_setting(
    cx: &mut FixCx<'_>,
    inst: &ResourceRef<'_>,
    attr: &str,
    text: &str,
    sensitive: bool,
) -> Option<Source> {
    if text.contains("count.") || text.contains("each.") || text.contains("self.") {
        return None;
    }
    let Some((parent, idx)) = inst.instance.parent else {
        return Some(Source {
            expr: text.to_string(),
            count: None,
        });
    };
    let module = inst.module();
    let call = &cx.project.root_module().calls[idx];
    if parent != 0 || call.block.body.has_attribute("for_each") {
        return None;
    }
    let count = match call.block.body.get_attribute("count") {
        Some(c) => Some(
            cx.project.files[call.file]
                .text_of(&c.value)?
                .trim()
                .to_string(),
        ),
        None => None,
    };
    let call = call.name.clone();
    let name = format!("{}_launch_{attr}", inst.resource.name);
    if !module.outputs.contains_key(&name) {
        let file = format!("{}/outputs.tf", module.dir);
        let flag = if sensitive {
            "  sensitive = true\n"
        } else {
            ""
        };
        let value = text.to_string();
        let out = name.clone();
        cx.edit_file(&file, |b| {
            if crate::fixing::hcl::block_mut(b, "output", &[&out]).is_none() {
                push_snippet(
                    b,
                    &format!("\n# Added by `tfready fix`: the launch template of module.asg is built from it.\noutput \"{out}\" {{\n  value = {value}\n{flag}}}\n"),
                );
            }
        });
    }
    let idx = if count.is_some() { "[0]" } else { "" };
    Some(Source {
        expr: format!("module.{call}{idx}.{name}"),
        count,
    })
}

/// Gives the instance, and every resource of its module that reads it
/// (directly or through another), `count = <live> ? 0 : 1`; references to
/// them become `[0]` inside those resources and `join("", x[*].attr)`
/// elsewhere (so outputs stay strings); `moved` blocks carry their state.
/// False, leaving everything as it was, when a reference has a shape this
/// cannot rewrite.
fn retire(cx: &mut FixCx<'_>, inst: &ResourceRef<'_>, live: &str) -> bool {
    let module = inst.module();
    let files: Vec<String> = module
        .files
        .iter()
        .map(|&f| cx.project.files[f].display.clone())
        .filter(|f| f.ends_with(".tf"))
        .collect();
    let texts: Vec<(String, String)> = files.iter().map(|f| (f.clone(), cx.ws.read(f))).collect();
    let Some(blocks) = texts
        .iter()
        .map(|(f, t)| top_blocks(t).map(|b| (f.clone(), b)))
        .collect::<Option<Vec<_>>>()
    else {
        return false;
    };
    let mut gated = vec![format!("{}.{}", inst.resource.ty, inst.resource.name)];
    loop {
        let before = gated.len();
        for (_, bs) in &blocks {
            for b in bs.iter().filter(|b| b.resource.is_some()) {
                let addr = b.resource.clone().unwrap_or_default();
                if !gated.contains(&addr) && gated.iter().any(|g| !refs(&b.text, g).is_empty()) {
                    gated.push(addr);
                }
            }
        }
        if gated.len() == before {
            break;
        }
    }
    let cond = if module.dir.is_empty() {
        live.to_string()
    } else {
        format!("var.{GATE}")
    };
    // Plan every edit first: one shape it cannot rewrite leaves all as is.
    let mut new_texts = Vec::new();
    for ((file, text), (_, bs)) in texts.iter().zip(&blocks) {
        let mut out = text.clone();
        for b in bs.iter().rev() {
            let inside = b.resource.as_ref().is_some_and(|a| gated.contains(a));
            let mut t = b.text.clone();
            for g in &gated {
                let Some(next) = rewrite(&t, g, inside) else {
                    return false;
                };
                t = next;
            }
            if inside {
                if b.text.contains("for_each") || has_count(&b.text) {
                    return false;
                }
                let Some(nl) = t.find('\n') else { return false };
                t.insert_str(nl + 1, &format!("  count = {cond} ? 0 : 1\n\n"));
            }
            out.replace_range(b.range.clone(), &t);
        }
        new_texts.push((file.clone(), out));
    }
    let inst_file = cx.file_of(inst);
    for (file, mut text) in new_texts {
        if file == inst_file {
            text.push_str("\n# Added by `tfready fix`: the Auto Scaling group retires these; their state moves to index 0.\n");
            for g in &gated {
                text.push_str(&format!("moved {{\n  from = {g}\n  to   = {g}[0]\n}}\n\n"));
            }
            text.truncate(text.trim_end().len());
            text.push('\n');
        }
        cx.ws.write(&file, text);
    }
    if !module.dir.is_empty() {
        let dir = module.dir.clone();
        cx.edit_file(&format!("{dir}/variables.tf"), |body| {
            if crate::fixing::hcl::block_mut(body, "variable", &[GATE]).is_none() {
                push_snippet(
                    body,
                    &format!("\n# Added by `tfready fix`.\nvariable \"{GATE}\" {{\n  description = \"True once the Auto Scaling group (module.asg) serves the app: the single instance and its Elastic IP are retired. False runs them again (and alongside the group during a switch-over).\"\n  type        = bool\n  default     = false\n}}\n"),
                );
            }
        });
        cx.set_call_inputs(inst.instance.module, &[(GATE, live.to_string())]);
    }
    true
}

/// A top-level block of a file: its byte range, its text and, for a
/// resource, its address.
struct TopBlock {
    range: std::ops::Range<usize>,
    text: String,
    resource: Option<String>,
}

fn top_blocks(text: &str) -> Option<Vec<TopBlock>> {
    use tfready_model::hcl_edit::Span;
    let body = tfready_model::hcl_edit::parser::parse_body(text).ok()?;
    body.blocks()
        .map(|b| {
            let range = b.span()?;
            let resource = (b.ident.as_str() == "resource" && b.labels.len() == 2)
                .then(|| format!("{}.{}", b.labels[0].as_str(), b.labels[1].as_str()));
            Some(TopBlock {
                text: text.get(range.clone())?.to_string(),
                range,
                resource,
            })
        })
        .collect()
}

fn has_count(block: &str) -> bool {
    block
        .lines()
        .skip(1)
        .any(|l| l.trim_start().starts_with("count ") || l.trim_start().starts_with("count="))
}

/// Byte offsets of references to `addr` in `text` (not part of a longer name).
fn refs(text: &str, addr: &str) -> Vec<usize> {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.';
    text.match_indices(addr)
        .map(|(i, _)| i)
        .filter(|&i| {
            let before = text[..i].chars().next_back();
            let after = text[i + addr.len()..].chars().next();
            !before.is_some_and(ident)
                && !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        })
        .collect()
}

/// Rewrites references to `addr`: inside a retired resource `addr[0].`,
/// elsewhere `join("", addr[*].attr)`. `None` for a reference that is not
/// `addr.attr` followed by a plain delimiter.
fn rewrite(text: &str, addr: &str, inside: bool) -> Option<String> {
    let mut out = text.to_string();
    for i in refs(text, addr).into_iter().rev() {
        let rest = &text[i + addr.len()..];
        if !rest.starts_with('.') {
            return None;
        }
        let attr: String = rest[1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let end = i + addr.len() + 1 + attr.len();
        if attr.is_empty() {
            return None;
        }
        if inside {
            out.replace_range(i..i + addr.len(), &format!("{addr}[0]"));
        } else {
            if text[end..].starts_with(['.', '[']) {
                return None;
            }
            out.replace_range(i..end, &format!("join(\"\", {addr}[*].{attr})"));
        }
    }
    Some(out)
}
