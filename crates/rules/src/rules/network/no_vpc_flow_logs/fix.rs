use crate::fixing::prelude::*;

pub(crate) static FIXER: Fixer = Fixer {
    id: "flow_logs",
    title: "VPC flow logs",
    phase: Phase::Two,
    order: 150,
    needs: &[],
    also_when: &[],
    run: flow_logs,
};

pub(crate) fn flow_logs(cx: &mut FixCx<'_>) {
    let Some((vpc_ref, vpc)) = cx.wiring.first("aws_vpc", "id", |_| true) else {
        return missing(cx, "flow_logs", "the VPC");
    };
    let mut inputs = base_inputs(cx, true);
    inputs.push(("vpc_id", vpc.expr));
    let inputs = with_tags(cx, inputs);
    if !cx.add_module(
        "flow_logs",
        "VPC flow logs to CloudWatch Logs",
        None,
        &inputs,
    ) {
        return;
    }
    // Scanners that read one module at a time (checkov's CKV2_AWS_11) cannot
    // see the flow log on the VPC; the VPC says where it is.
    cx.edit_resource(&vpc_ref, |b| {
        let first = b.body.attributes().next().map(|a| a.key.to_string());
        if let Some(key) = first {
            comment_above(
                &mut b.body,
                &key,
                &["checkov:skip=CKV2_AWS_11:flow logs are module.flow_logs in the root module (tfready fix); checkov does not follow references across modules".to_string()],
            );
        }
    });
}
