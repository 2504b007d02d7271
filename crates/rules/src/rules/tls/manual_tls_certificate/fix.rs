use crate::fixing::prelude::*;

pub(crate) static FIXER: Fixer = Fixer {
    id: "acm",
    title: "ACM certificate validated through Route 53",
    phase: Phase::One,
    order: 70,
    needs: &[],
    also_when: &[],
    run: acm,
};

pub(crate) fn acm(cx: &mut FixCx<'_>) {
    let (domain, zone) = domain_and_zone(cx);
    let mut inputs = base_inputs(cx, false);
    inputs.push(("domain_name", domain.expr.clone()));
    // The primary name: the app's subdomain when the stack has one, else the
    // domain itself (the wildcard name covers every host under it).
    let sub = cx
        .wiring
        .var(tfready_model::naming::SUBDOMAIN_VARS)
        .unwrap_or_else(|| "null".into());
    inputs.push(("app_subdomain", sub));
    inputs.push(("hosted_zone_id", zone.expr.clone()));
    let inputs = with_tags(cx, inputs);
    if cx.add_module(
        "acm",
        "ACM certificate with DNS validation; AWS renews it",
        combined_count(&[&zone, &domain]).as_deref(),
        &inputs,
    ) {
        let count = combined_count(&[&zone, &domain]);
        let idx = if count.is_some() { "[0]" } else { "" };
        let value = match &count {
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

/// The app's domain and its Route 53 zone: the stack's, or variables the
/// user sets (a domain is never made up).
pub(crate) fn domain_and_zone(
    cx: &mut FixCx<'_>,
) -> (crate::fixing::wiring::Source, crate::fixing::wiring::Source) {
    let domain = cx.domain().unwrap_or_else(|| {
        if cx.add_variable("domain_name", "  description = \"Domain the app is served under (its certificate covers it and *.domain_name)\"\n  type        = string\n") {
            cx.next_steps.push("Set var.domain_name: the stack named no domain, and a certificate needs one".into());
        }
        crate::fixing::wiring::Source { expr: "var.domain_name".into(), count: None }
    });
    let zone = cx.zone_id().unwrap_or_else(|| {
        if cx.add_variable("hosted_zone_id", "  description = \"Route 53 hosted zone of domain_name, where the certificate's validation records go\"\n  type        = string\n") {
            cx.next_steps.push("Set var.hosted_zone_id: the Route 53 zone of the domain (the stack has none)".into());
        }
        crate::fixing::wiring::Source { expr: "var.hosted_zone_id".into(), count: None }
    });
    (domain, zone)
}

/// The root expression of the acm fix's certificate ARN, when its module is
/// (or is about to be) called from the root.
pub(crate) fn acm_certificate(cx: &mut FixCx<'_>) -> Option<String> {
    if !cx.ours("acm") {
        return None;
    }
    Some(match cx.module_count("acm") {
        Some(_) => "module.acm[0].certificate_arn".into(),
        None => "module.acm.certificate_arn".into(),
    })
}
