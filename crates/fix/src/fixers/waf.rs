use super::prelude::*;

pub(super) fn waf(cx: &mut FixCx<'_>) {
    if !cx
        .ws
        .read(&cx.root_file("main.tf"))
        .contains("module \"alb\"")
    {
        return missing(cx, "waf", "a load balancer (the alb fix)");
    }
    let count = cx.wiring.zone_id().and_then(|z| z.count);
    let idx = if count.is_some() { "[0]" } else { "" };
    let mut inputs = base_inputs(cx, true);
    inputs.push(("alb_arn", format!("module.alb{idx}.alb_arn")));
    let inputs = with_tags(cx, inputs);
    cx.add_module(
        "waf",
        "WAF: rate limit, AWS managed rules, logging (roadmap 2.2)",
        count.as_deref(),
        &inputs,
    );
}
