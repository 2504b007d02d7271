use crate::fixing::prelude::*;

pub(crate) static FIXER: Fixer = Fixer {
    id: "waf",
    title: "WAF on the load balancer",
    phase: Phase::Two,
    order: 140,
    needs: &[],
    also_when: &["TFR041", "TFR091"],
    run: waf,
};

/// A WAF web ACL on the internet-facing load balancer: the one the alb fix
/// adds, or the stack's own.
pub(crate) fn waf(cx: &mut FixCx<'_>) {
    let (arn, count) = if root_calls(cx, "alb") {
        let count = cx.module_count("alb").map(str::to_string);
        let idx = if count.is_some() { "[0]" } else { "" };
        (format!("module.alb{idx}.alb_arn"), count)
    } else {
        let lb = cx.project.resources_of("aws_lb").find(|r| {
            r.eval("internal").and_then(|v| v.as_bool()) != Some(true)
                && r.eval("load_balancer_type")
                    .and_then(|v| v.as_string())
                    .is_none_or(|t| t == "application")
        });
        let Some(source) = lb.and_then(|lb| cx.expose(&lb, "arn", false)) else {
            return missing(cx, "waf", "an internet-facing application load balancer");
        };
        (source.expr, source.count)
    };
    let mut inputs = base_inputs(cx, true);
    inputs.push(("alb_arn", arn));
    if let Some(path) = health_path(cx) {
        inputs.push(("health_path", crate::fixing::hcl::hcl_string(&path)));
    }
    let inputs = with_tags(cx, inputs);
    cx.add_module(
        "waf",
        "WAF: rate limit, AWS managed rules, logging",
        count.as_deref(),
        &inputs,
    );
}
