use super::prelude::*;

pub(super) fn backup(cx: &mut FixCx<'_>) {
    let mut arns = Vec::new();
    if let Some((_, d)) = cx.wiring.database("arn") {
        arns.push(d.expr);
    }
    if let Some((_, i)) = cx.wiring.instance("arn") {
        arns.push(i.expr);
    }
    let mut inputs = base_inputs(cx, true);
    inputs.push(("resource_arns", format!("[{}]", arns.join(", "))));
    let inputs = with_tags(cx, inputs);
    cx.add_module(
        "backup",
        "AWS Backup: daily and weekly rules, vault, selection (roadmap 3.1)",
        None,
        &inputs,
    );
}
