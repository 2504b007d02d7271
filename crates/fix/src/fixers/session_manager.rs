use super::prelude::*;

pub(super) fn session_manager(cx: &mut FixCx<'_>) {
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
            "{r}: generates SSH ingress together with other rules; remove SSH from it by hand"
        ));
    }
    let Some(role) = cx.wiring.instance_role_name() else {
        return missing(cx, "session_manager", "the instance role");
    };
    let has_ssm = cx
        .project
        .resources_of("aws_iam_role_policy_attachment")
        .any(|a| {
            a.eval("policy_arn")
                .and_then(|v| v.as_string())
                .is_some_and(|p| p.ends_with("AmazonSSMManagedInstanceCore"))
        });
    let mut inputs = base_inputs(cx, true);
    inputs.push(("instance_role_name", role.expr));
    if has_ssm {
        inputs.push((
            "attach_ssm_core_policy",
            "false # the role has it already".into(),
        ));
    }
    let inputs = with_tags(cx, inputs);
    cx.add_module(
        "session_manager",
        "Session Manager: logged shell access without SSH (roadmap 4.3)",
        None,
        &inputs,
    );
}
