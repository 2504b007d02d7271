use super::prelude::*;

pub(super) fn guardduty(cx: &mut FixCx<'_>) {
    let mut inputs = base_inputs(cx, true);
    if cx
        .ws
        .read(&cx.root_file("variables.tf"))
        .contains("variable \"alert_emails\"")
        || cx
            .project
            .root_module()
            .variables
            .contains_key("alert_emails")
    {
        inputs.push(("alert_emails", "var.alert_emails".into()));
    }
    let inputs = with_tags(cx, inputs);
    cx.add_module(
        "guardduty",
        "GuardDuty with its protection plans; findings to SNS",
        None,
        &inputs,
    );
}
