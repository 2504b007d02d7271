use super::prelude::*;

pub(super) fn flow_logs(cx: &mut FixCx<'_>) {
    let Some(vpc) = cx.wiring.vpc_id() else {
        return missing(cx, "flow_logs", "the VPC");
    };
    let mut inputs = base_inputs(cx, true);
    inputs.push(("vpc_id", vpc.expr));
    let inputs = with_tags(cx, inputs);
    cx.add_module(
        "flow_logs",
        "VPC flow logs to CloudWatch Logs (roadmap 2.3)",
        None,
        &inputs,
    );
}
