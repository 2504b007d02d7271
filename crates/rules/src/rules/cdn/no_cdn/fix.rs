use crate::fixing::prelude::*;
use crate::fixing::provider_tags::US_EAST_1;

pub(crate) static FIXER: Fixer = Fixer {
    id: "cloudfront",
    title: "CloudFront in front of the load balancer, with its WAF",
    phase: Phase::Four,
    order: 230,
    needs: &[],
    also_when: &["TFR041", "TFR091"],
    run: cloudfront,
};

/// CloudFront in front of the internet-facing load balancer (the alb fix's,
/// or the stack's own), with a CLOUDFRONT-scope web ACL, serving the app's
/// host name. The DNS cut-over from the ALB to the distribution is left to
/// the user (the module's `create_dns_records`).
pub(crate) fn cloudfront(cx: &mut FixCx<'_>) {
    let origin = if root_calls(cx, "alb") {
        let count = cx.module_count("alb").map(str::to_string);
        let idx = if count.is_some() { "[0]" } else { "" };
        Some(crate::fixing::wiring::Source {
            expr: format!("module.alb{idx}.alb_dns_name"),
            count,
        })
    } else {
        cx.expose_first("aws_lb", "dns_name", |r| {
            r.eval("internal").and_then(|v| v.as_bool()) != Some(true)
        })
    };
    let Some(origin) = origin else {
        return missing(cx, "cloudfront", "an internet-facing load balancer");
    };
    let (domain, zone) = crate::rules::tls::manual_tls_certificate::fix::domain_and_zone(cx);
    let host = match cx.wiring.var(tfready_model::naming::SUBDOMAIN_VARS) {
        Some(sub) => format!("\"${{{sub}}}.${{{}}}\"", domain.expr),
        None => domain.expr.clone(),
    };
    let count = combined_count(&[&origin, &zone, &domain]);
    let idx = if count.is_some() { "[0]" } else { "" };
    add_us_east_1_provider(cx);

    let mut waf = base_inputs(cx, true);
    waf.push(("scope", "\"CLOUDFRONT\"".into()));
    if let Some(path) = health_path(cx) {
        waf.push(("health_path", crate::fixing::hcl::hcl_string(&path)));
    }
    let waf = with_tags(cx, waf);
    cx.add_module(
        "waf_cloudfront",
        "WAF of the CloudFront distribution (CLOUDFRONT scope, us-east-1)",
        count.as_deref(),
        &waf,
    );

    let mut inputs = base_inputs(cx, true);
    inputs.push(("alb_dns_name", origin.expr.clone()));
    inputs.push(("aliases", format!("[{host}]")));
    inputs.push(("hosted_zone_id", zone.expr.clone()));
    inputs.push((
        "web_acl_arn",
        format!("module.waf_cloudfront{idx}.web_acl_arn"),
    ));
    let inputs = with_tags(cx, inputs);
    if cx.add_module(
        "cloudfront",
        "CloudFront in front of the load balancer: edge caching, HTTPS, WAF",
        count.as_deref(),
        &inputs,
    ) {
        cx.add_output(
            "cloudfront_domain_name",
            "Domain name of the CloudFront distribution",
            &cx.module_ref("cloudfront", "domain_name"),
        );
        cx.next_steps.push(format!(
            "CloudFront: check the app through the distribution's own name (output cloudfront_domain_name), then move the app's DNS name to it (create_dns_records = true on module.cloudfront{idx})"
        ));
    }
}

/// Declares `provider "aws" { alias = "us_east_1" }` in the root, once.
fn add_us_east_1_provider(cx: &mut FixCx<'_>) {
    let file = cx.root_file("main.tf");
    cx.edit_file(&file, |body| {
        let declared = body.blocks().any(|b| {
            b.ident.as_str() == "provider"
                && b.body
                    .get_attribute("alias")
                    .and_then(|a| a.value.as_str().map(|s| s == US_EAST_1))
                    .unwrap_or(false)
        });
        if !declared {
            push_snippet(
                body,
                &format!("\n# CloudFront takes certificates and web ACLs from us-east-1 only.\n# Added by `tfready fix`.\nprovider \"aws\" {{\n  alias  = \"{US_EAST_1}\"\n  region = \"us-east-1\" # CloudFront's region\n}}\n"),
            );
        }
    });
}
