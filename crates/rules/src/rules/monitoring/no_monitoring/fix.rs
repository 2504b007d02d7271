use crate::fixing::prelude::*;

pub(crate) static FIXER: Fixer = Fixer {
    id: "monitoring",
    title: "Alarms, SNS alerts, log groups, dashboard",
    phase: Phase::One,
    order: 80,
    needs: &[],
    also_when: &[],
    run: monitoring,
};

/// Instances publish 1-minute metrics (the alarms react in minutes, not
/// five) and are EBS-optimised; both change in place.
pub(crate) fn instance_metrics(cx: &mut FixCx<'_>) {
    let instances: Vec<_> = cx.project.resources_of("aws_instance").collect();
    for r in instances {
        let changed = cx
            .edit_resource(&r, |b| {
                let mut c = false;
                if !b.body.has_attribute("monitoring") {
                    c |= set_attr(&mut b.body, "monitoring", "true", "  ");
                }
                if !b.body.has_attribute("ebs_optimized") {
                    c |= set_attr(&mut b.body, "ebs_optimized", "true", "  ");
                }
                c
            })
            .unwrap_or(false);
        if changed {
            cx.done.push(format!(
                "{}: {} has detailed monitoring and is EBS-optimised",
                cx.file_of(&r),
                r.address()
            ));
        }
    }
}

pub(crate) fn monitoring(cx: &mut FixCx<'_>) {
    instance_metrics(cx);
    // Who is alerted is the user's to say: a variable without a value
    // (terraform plan asks for it), never an address made up here.
    if cx.add_variable("alert_emails", "  description = \"Who receives alarm e-mails (each address confirms the SNS subscription once)\"\n  type        = list(string)\n") {
        cx.next_steps.push("Set var.alert_emails (who receives the alarms), e.g. in terraform.tfvars".into());
    }
    let mut inputs = base_inputs(cx, true);
    inputs.push(("alert_emails", "var.alert_emails".into()));
    if let Some(i) = cx.instances("id") {
        inputs.push(("ec2_instance_ids", i.expr));
    }
    if let Some(g) = cx.autoscaling_group("name") {
        inputs.push(("asg", format!("{{ name = {} }}", g.expr)));
    }
    if let Some(d) = cx.database("identifier") {
        inputs.push(("rds", format!("{{ instance_id = {} }}", d.expr)));
    }
    let inputs = with_tags(cx, inputs);
    if cx.add_module(
        "monitoring",
        "CloudWatch alarms, SNS alerts, log groups and a dashboard",
        None,
        &inputs,
    ) {
        cx.add_output(
            "alerts_topic_arn",
            "SNS topic every alarm notifies",
            &cx.module_ref("monitoring", "sns_topic_arn"),
        );
        cx.next_steps.push(
            "Confirm the SNS subscription e-mail sent to each address in alert_emails".into(),
        );
    }
}
