use crate::fixing::prelude::*;

pub(crate) static FIXER: Fixer = Fixer {
    id: "session_manager",
    title: "Session Manager instead of SSH",
    phase: Phase::Three,
    order: 200,
    needs: &[],
    also_when: &[],
    run: session_manager,
};

pub(crate) fn session_manager(cx: &mut FixCx<'_>) {
    // Any SSH ingress goes, open to the world or not: Session Manager needs none.
    let (n, kept) = remove_ingress(
        cx,
        |i| opens(i, 22.0),
        "SSH removed: connect with `aws ssm start-session --target <instance-id>`",
    );
    if n > 0 {
        cx.done.push(format!(
            "{n} SSH ingress rule(s) removed; Session Manager replaces them"
        ));
    }
    for r in kept {
        cx.next_steps.push(format!(
            "{r}: allows SSH in a form fix leaves to you (a rule other blocks refer to, or a collection it cannot filter); remove it by hand"
        ));
    }
    let compute: Vec<_> = cx.wiring.app_compute().collect();
    let role = cx.instance_role_name();
    let has_profile = |r: &tfready_model::ResourceRef<'_>| {
        r.attr("iam_instance_profile").is_some() || !r.blocks("iam_instance_profile").is_empty()
    };
    // Instances without a role get one from the module; instances whose
    // role tfready cannot trace are left to the user.
    if role.is_none() && compute.iter().any(has_profile) {
        return missing(
            cx,
            "session_manager",
            "the instance role (the instance profile's role could not be traced)",
        );
    }
    if compute.is_empty() {
        return;
    }
    let has_ssm = cx
        .project
        .resources_of("aws_iam_role_policy_attachment")
        .any(|a| {
            a.eval("policy_arn")
                .and_then(|v| v.as_string())
                .is_some_and(|p| p.ends_with("AmazonSSMManagedInstanceCore"))
        });
    let mut inputs = base_inputs(cx, true);
    if let Some(role) = &role {
        inputs.push(("instance_role_name", role.expr.clone()));
    }
    if has_ssm {
        inputs.push((
            "attach_ssm_core_policy",
            "false # the role has it already".into(),
        ));
    }
    let inputs = with_tags(cx, inputs);
    cx.add_module(
        "session_manager",
        "Session Manager: logged shell access without SSH",
        None,
        &inputs,
    );
    if role.is_none() && cx.ours("session_manager") {
        for r in compute.iter().filter(|r| !has_profile(r)) {
            attach_profile(cx, r);
        }
    }
}

/// Gives an instance or launch template the module's instance profile (an
/// in-place change for a running instance).
fn attach_profile(cx: &mut FixCx<'_>, r: &tfready_model::ResourceRef<'_>) {
    let root_expr = cx.module_ref("session_manager", "instance_profile_name");
    let module = r.module();
    let expr = if module.dir.is_empty() {
        root_expr
    } else {
        let dir = module.dir.clone();
        if !cx.set_call_inputs(r.instance.module, &[("instance_profile_name", root_expr)]) {
            return;
        }
        cx.add_module_variable(
            &dir,
            "instance_profile_name",
            "Instance profile of the app instances (Session Manager)",
            None,
        );
        "var.instance_profile_name".into()
    };
    let launch_template = r.resource.ty == "aws_launch_template";
    let changed = cx
        .edit_resource(r, |b| {
            if launch_template {
                push_snippet(
                    &mut b.body,
                    &format!("\n  # The role Session Manager needs (tfready fix).\n  iam_instance_profile {{\n    name = {expr}\n  }}\n"),
                );
                true
            } else {
                set_attr(&mut b.body, "iam_instance_profile", &expr, "  ")
            }
        })
        .unwrap_or(false);
    if changed {
        cx.done.push(format!(
            "{}: {} runs with the Session Manager instance profile",
            cx.file_of(r),
            r.address()
        ));
    }
}
