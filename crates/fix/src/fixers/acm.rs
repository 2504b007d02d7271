use super::prelude::*;

pub(super) fn acm(cx: &mut FixCx<'_>) {
    let (Some(domain), Some(zone)) = (
        cx.wiring.var(&["domain_name", "domain", "zone_name"]),
        cx.wiring.zone_id(),
    ) else {
        return missing(
            cx,
            "acm",
            "a domain name variable and a Route 53 hosted zone",
        );
    };
    let mut inputs = base_inputs(cx, false);
    inputs.push(("domain_name", domain));
    if let Some(sub) = cx.wiring.var(&["app_subdomain", "subdomain"]) {
        inputs.push(("app_subdomain", sub));
    }
    inputs.push(("hosted_zone_id", zone.expr.clone()));
    let inputs = with_tags(cx, inputs);
    if cx.add_module(
        "acm",
        "ACM certificate with DNS validation; AWS renews it (roadmap 1.3)",
        combined_count(&[&zone]).as_deref(),
        &inputs,
    ) {
        let idx = if zone.count.is_some() { "[0]" } else { "" };
        let value = match &zone.count {
            Some(c) => format!(
                "{} ? module.acm{idx}.certificate_arn : null",
                c.split('?').next().unwrap_or("true").trim()
            ),
            None => "module.acm.certificate_arn".into(),
        };
        cx.add_output(
            "certificate_arn",
            "ACM certificate for the app (renewed by AWS)",
            &value,
        );
    }
}
