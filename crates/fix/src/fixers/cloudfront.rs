use super::prelude::*;

/// The alias of the us-east-1 provider configuration the root declares for
/// CloudFront's certificate and WAF (AWS takes them only from that region).
const US_EAST_1: &str = "us_east_1";

/// CloudFront in front of the internet-facing load balancer (the alb fix's,
/// or the stack's own), with a CLOUDFRONT-scope web ACL, serving the app's
/// host name. The DNS cut-over from the ALB to the distribution is left to
/// the user (the module's `create_dns_records`).
pub(super) fn cloudfront(cx: &mut FixCx<'_>) {
    let origin = if root_calls(cx, "alb") {
        let count = cx.module_count("alb").map(str::to_string);
        let idx = if count.is_some() { "[0]" } else { "" };
        Some(crate::wiring::Source {
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
    let (domain, zone) = super::acm::domain_and_zone(cx);
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
        waf.push(("health_path", crate::hcl::hcl_string(&path)));
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

/// The us-east-1 provider tags what it creates as the default provider
/// does: its `default_tags` block, copied as the other fixes left it.
pub(super) fn mirror_default_tags(cx: &mut FixCx<'_>) {
    let file = cx.root_file("main.tf");
    let alias_of = |b: &tfready_model::hcl_edit::structure::Block| {
        b.body
            .get_attribute("alias")
            .and_then(|a| a.value.as_str().map(str::to_string))
    };
    let text = cx.ws.read(&file);
    let Ok(body) = tfready_model::hcl_edit::parser::parse_body(&text) else {
        return;
    };
    let is_aws = |b: &tfready_model::hcl_edit::structure::Block| {
        b.ident.as_str() == "provider" && b.labels.first().map(|l| l.as_str()) == Some("aws")
    };
    if !body
        .blocks()
        .any(|b| is_aws(b) && alias_of(b).as_deref() == Some(US_EAST_1))
    {
        return;
    }
    // The default provider may sit in another root file.
    let mut tags = None;
    for f in cx.project.root_module().files.clone() {
        let display = cx.project.files[f].display.clone();
        let Ok(b) = tfready_model::hcl_edit::parser::parse_body(&cx.ws.read(&display)) else {
            continue;
        };
        let found = b
            .blocks()
            .filter(|b| is_aws(b) && alias_of(b).is_none())
            .find_map(|p| p.body.blocks().find(|x| x.ident.as_str() == "default_tags"))
            .map(block_text);
        if found.is_some() {
            tags = found;
            break;
        }
    }
    let Some(tags) = tags else { return };
    cx.edit_file(&file, |body| {
        let Some(p) = find_block_mut(body, |b| {
            is_aws(b) && alias_of(b).as_deref() == Some(US_EAST_1)
        }) else {
            return;
        };
        let current = p
            .body
            .blocks()
            .find(|x| x.ident.as_str() == "default_tags")
            .map(block_text);
        if current.as_deref() == Some(tags.as_str()) {
            return;
        }
        let old = p.body.iter().position(|s| {
            s.as_block()
                .is_some_and(|b| b.ident.as_str() == "default_tags")
        });
        if let Some(i) = old {
            p.body.remove(i);
        }
        push_snippet(&mut p.body, &format!("\n  {tags}\n"));
    });
}
