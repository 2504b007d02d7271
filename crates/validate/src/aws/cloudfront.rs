//! CloudFront viewer certificate in us-east-1.

use super::*;

pub(super) fn cloudfront(cx: &Ctx<'_>, r: &ResourceRef<'_>, out: &mut Vec<Problem>) {
    let project = cx.project;
    for vc in r.blocks("viewer_certificate") {
        let Some(a) = vc.attr("acm_certificate_arn") else {
            continue;
        };
        let value = a.value();
        if value.is_null() {
            continue;
        }
        let location = a.location();
        let head = "InvalidViewerCertificate: The specified SSL certificate doesn't exist, isn't in us-east-1 region, isn't valid, or doesn't include a valid certificate chain.";
        let fix = "Create the certificate in us-east-1: an aws_acm_certificate with region = \"us-east-1\" (provider 6), or with provider = aws.us_east_1 (a provider block with that region).";
        if let Some(arn) = value.as_str() {
            if let Some(region) = arn.split(':').nth(3).filter(|_| arn.starts_with("arn:")) {
                if region != "us-east-1" {
                    let message = format!("{head} The certificate {arn} is in {region}.");
                    out.push(emit(
                        r,
                        true,
                        "aws-cloudfront-certificate-region",
                        location,
                        message,
                        fix.to_string(),
                        CLOUDFRONT_SOURCE,
                    ));
                }
            }
            continue;
        }
        let traced = cx.project.value_sources(r.instance.id, a.expr());
        let certs: Vec<_> = traced
            .resources
            .iter()
            .filter(|o| {
                o.resource.mode == ResourceMode::Managed
                    && matches!(
                        o.resource.ty.as_str(),
                        "aws_acm_certificate" | "aws_acm_certificate_validation"
                    )
            })
            .collect();
        if certs.is_empty() {
            if let Some(var) = traced.root_vars.first() {
                let message = format!("{head} The certificate comes from var.{var}: CloudFront only accepts ACM certificates issued in us-east-1 (N. Virginia), whatever the stack's region; apply fails if var.{var} is a certificate in another region.");
                let fix = format!("Pass an ACM certificate created in us-east-1 as var.{var} (e.g. from an aws_acm_certificate with region = \"us-east-1\").");
                out.push(emit(
                    r,
                    false,
                    "aws-cloudfront-certificate-region",
                    location,
                    message,
                    fix,
                    CLOUDFRONT_SOURCE,
                ));
            }
            continue;
        }
        for c in certs {
            let region = region_of(project, c.instance, c.resource);
            let cert = cert_address(project, c.instance, c.resource);
            match region.value.as_str() {
                Some("us-east-1") if !region.from_input => {}
                Some("us-east-1") => {
                    let message = format!("{head} {cert} is created by {}, whose region comes from an input (\"us-east-1\" now): apply fails if the stack is deployed to another region.", region.described);
                    out.push(emit(
                        r,
                        false,
                        "aws-cloudfront-certificate-region",
                        location.clone(),
                        message,
                        fix.to_string(),
                        CLOUDFRONT_SOURCE,
                    ));
                }
                Some(other) => {
                    let message = format!(
                        "{head} {cert} is created by {} in {other}.",
                        region.described
                    );
                    out.push(emit(
                        r,
                        !traced.uncertain,
                        "aws-cloudfront-certificate-region",
                        location.clone(),
                        message,
                        fix.to_string(),
                        CLOUDFRONT_SOURCE,
                    ));
                }
                None => {
                    let message = format!("{head} {cert} is created by {}, whose region is not known before apply: apply fails unless it is us-east-1.", region.described);
                    out.push(emit(
                        r,
                        false,
                        "aws-cloudfront-certificate-region",
                        location.clone(),
                        message,
                        fix.to_string(),
                        CLOUDFRONT_SOURCE,
                    ));
                }
            }
        }
    }
}

pub(super) fn cert_address(project: &Project, inst: InstanceId, res: &Resource) -> String {
    let i = &project.instances[inst];
    if i.address.is_empty() {
        res.address()
    } else {
        format!("{}.{}", i.address, res.address())
    }
}
