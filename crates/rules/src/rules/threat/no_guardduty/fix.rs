use crate::fixing::prelude::*;

pub(crate) static FIXER: Fixer = Fixer {
    id: "guardduty",
    title: "GuardDuty with findings to SNS",
    phase: Phase::Three,
    order: 190,
    needs: &[],
    also_when: &[],
    run: guardduty,
};

pub(crate) fn guardduty(cx: &mut FixCx<'_>) {
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
