//! HTTPS: the ACM certificate, the ALB's listeners and targets, and its WAF.

use std::time::SystemTime;

use aws_sdk_acm::types::{CertificateStatus, Filters, KeyAlgorithm};
use aws_sdk_elasticloadbalancingv2::types::{ActionTypeEnum, ProtocolEnum};
use aws_smithy_types::DateTime;

use super::{skip, some_of, Outcome, Resolved, Status, VerifyTarget};
use crate::client::Aws;
use crate::error::AwsError;

/// The load balancer the checks look at.
#[derive(Debug, Clone)]
pub(crate) struct Alb {
    pub name: String,
    pub arn: String,
}

pub(crate) async fn resolve_alb(aws: &Aws, name_or_arn: &str) -> Result<Alb, AwsError> {
    let elb = aws_sdk_elasticloadbalancingv2::Client::new(&aws.config);
    let mut req = elb.describe_load_balancers();
    req = if name_or_arn.starts_with("arn:") {
        req.load_balancer_arns(name_or_arn)
    } else {
        req.names(name_or_arn)
    };
    let target = format!("load balancer {name_or_arn}");
    let out = req.send().await.map_err(|err| {
        if err
            .as_service_error()
            .is_some_and(|e| e.is_load_balancer_not_found_exception())
        {
            AwsError {
                kind: crate::ErrorKind::Service,
                call: "elasticloadbalancing:DescribeLoadBalancers",
                target: target.clone(),
                code: Some("LoadBalancerNotFound".into()),
                detail: format!("no load balancer {name_or_arn} in {}", aws.region),
                hint: "check the name (or ARN) and the region".into(),
            }
        } else {
            aws.ctx
                .error("elasticloadbalancing:DescribeLoadBalancers", &target, &err)
        }
    })?;
    let lb = out.load_balancers().first().ok_or_else(|| AwsError {
        kind: crate::ErrorKind::Service,
        call: "elasticloadbalancing:DescribeLoadBalancers",
        target: target.clone(),
        code: None,
        detail: format!("no load balancer {name_or_arn} in {}", aws.region),
        hint: "check the name (or ARN) and the region".into(),
    })?;
    Ok(Alb {
        name: lb.load_balancer_name().unwrap_or(name_or_arn).to_string(),
        arn: lb.load_balancer_arn().unwrap_or_default().to_string(),
    })
}

fn alb_of(r: &Resolved) -> Result<Option<&Alb>, AwsError> {
    match &r.alb {
        None => Ok(None),
        Some(Ok(alb)) => Ok(Some(alb)),
        Some(Err(e)) => Err(e.clone()),
    }
}

/// Does a certificate name (`example.com`, `*.example.com`) cover `domain`?
pub(crate) fn name_covers(name: &str, domain: &str) -> bool {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    if name == domain {
        return true;
    }
    match name.strip_prefix("*.") {
        Some(parent) => domain
            .split_once('.')
            .is_some_and(|(label, rest)| !label.is_empty() && rest == parent),
        None => false,
    }
}

pub(crate) async fn certificate(aws: &Aws, target: &VerifyTarget) -> Outcome {
    let Some(domain) = target.domain.as_deref() else {
        return skip("no domain given (var.domain_name or --domain)");
    };
    let acm = aws_sdk_acm::Client::new(&aws.config);
    let all_keys = Filters::builder()
        .set_key_types(Some(
            KeyAlgorithm::values()
                .iter()
                .map(|k| KeyAlgorithm::from(*k))
                .collect(),
        ))
        .build();
    let mut token: Option<String> = None;
    let mut candidates = Vec::new();
    loop {
        let page = acm
            .list_certificates()
            .includes(all_keys.clone())
            .set_next_token(token.clone())
            .send()
            .await
            .map_err(|e| {
                aws.ctx.error(
                    "acm:ListCertificates",
                    &format!("region {}", aws.region),
                    &e,
                )
            })?;
        for c in page.certificate_summary_list() {
            let mut names: Vec<&str> = c.domain_name().into_iter().collect();
            names.extend(
                c.subject_alternative_name_summaries()
                    .iter()
                    .map(String::as_str),
            );
            let truncated = c
                .has_additional_subject_alternative_names()
                .unwrap_or(false);
            if truncated || names.iter().any(|n| name_covers(n, domain)) {
                if let Some(arn) = c.certificate_arn() {
                    candidates.push(arn.to_string());
                }
            }
        }
        match page.next_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_string()),
            _ => break,
        }
    }
    let now = DateTime::from(SystemTime::now());
    let mut evidence = Vec::new();
    let mut good = false;
    for arn in &candidates {
        let d = acm
            .describe_certificate()
            .certificate_arn(arn)
            .send()
            .await
            .map_err(|e| {
                aws.ctx
                    .error("acm:DescribeCertificate", &format!("certificate {arn}"), &e)
            })?;
        let Some(c) = d.certificate() else { continue };
        let mut names: Vec<&str> = c.domain_name().into_iter().collect();
        names.extend(c.subject_alternative_names().iter().map(String::as_str));
        if !names.iter().any(|n| name_covers(n, domain)) {
            continue;
        }
        let status = c.status().map(|s| s.as_str()).unwrap_or("UNKNOWN");
        // Within 30 days of its end is as good as expired: renewal has failed
        // (ACM renews 60 days ahead) or an imported certificate is forgotten.
        let expired = c
            .not_after()
            .is_some_and(|t| t.secs() <= now.secs() + 30 * 86_400);
        let used = c.in_use_by();
        let in_use = if used.is_empty() {
            ", in use by nothing".to_string()
        } else {
            format!(", in use by {}", some_of(used, 2))
        };
        let until = c
            .not_after()
            .map(|t| format!(", valid until {t}"))
            .unwrap_or_default();
        evidence.push(format!(
            "certificate {arn} for {}: {status}{until}{in_use}{}",
            c.domain_name().unwrap_or("?"),
            if expired {
                " (expires within 30 days)"
            } else {
                ""
            }
        ));
        if c.status() == Some(&CertificateStatus::Issued) && !expired && !used.is_empty() {
            good = true;
        }
    }
    if evidence.is_empty() {
        evidence.push(format!(
            "no ACM certificate in {} covers {domain}",
            aws.region
        ));
    } else if !good {
        evidence.push(format!(
            "none of them is ISSUED, valid for 30 more days and in use (on the HTTPS listener) for {domain}"
        ));
    }
    Ok((if good { Status::Pass } else { Status::Fail }, evidence))
}

pub(crate) async fn listeners(aws: &Aws, r: &Resolved) -> Outcome {
    let Some(alb) = alb_of(r)? else {
        return skip("no load balancer given (name or ARN)");
    };
    let elb = aws_sdk_elasticloadbalancingv2::Client::new(&aws.config);
    let target = format!("load balancer {}", alb.name);
    let out = elb
        .describe_listeners()
        .load_balancer_arn(&alb.arn)
        .send()
        .await
        .map_err(|e| {
            aws.ctx
                .error("elasticloadbalancing:DescribeListeners", &target, &e)
        })?;
    let mut evidence = Vec::new();
    let mut https = false;
    let mut redirect = false;
    for l in out.listeners() {
        let port = l.port().unwrap_or(0);
        let proto = l.protocol().map(|p| p.as_str()).unwrap_or("?");
        let action = l.default_actions().first();
        let what = match action.and_then(|a| a.r#type()) {
            Some(ActionTypeEnum::Redirect) => {
                let rc = action.and_then(|a| a.redirect_config());
                let to_proto = rc.and_then(|c| c.protocol()).unwrap_or("#{protocol}");
                let to_port = rc.and_then(|c| c.port()).unwrap_or("#{port}");
                if port == 80 && to_proto.eq_ignore_ascii_case("HTTPS") && to_port == "443" {
                    redirect = true;
                }
                format!("redirect to {to_proto}:{to_port}")
            }
            Some(t) => t.as_str().to_string(),
            None => "no action".to_string(),
        };
        if port == 443 && l.protocol() == Some(&ProtocolEnum::Https) && !l.certificates().is_empty()
        {
            https = true;
        }
        let cert = l
            .certificates()
            .first()
            .and_then(|c| c.certificate_arn())
            .map(|c| format!(", certificate {c}"))
            .unwrap_or_default();
        let policy = l
            .ssl_policy()
            .map(|p| format!(", policy {p}"))
            .unwrap_or_default();
        evidence.push(format!("listener {port} {proto}: {what}{cert}{policy}"));
    }
    if !https {
        evidence.push("no HTTPS listener on 443 with a certificate".into());
    }
    if !redirect {
        evidence.push("no listener on 80 redirecting to HTTPS:443".into());
    }
    Ok((
        if https && redirect {
            Status::Pass
        } else {
            Status::Fail
        },
        evidence,
    ))
}

pub(crate) async fn targets(aws: &Aws, r: &Resolved) -> Outcome {
    let Some(alb) = alb_of(r)? else {
        return skip("no load balancer given (name or ARN)");
    };
    let elb = aws_sdk_elasticloadbalancingv2::Client::new(&aws.config);
    let target = format!("load balancer {}", alb.name);
    let groups = elb
        .describe_target_groups()
        .load_balancer_arn(&alb.arn)
        .send()
        .await
        .map_err(|e| {
            aws.ctx
                .error("elasticloadbalancing:DescribeTargetGroups", &target, &e)
        })?;
    let mut evidence = Vec::new();
    let mut ok = true;
    if groups.target_groups().is_empty() {
        evidence.push(format!("load balancer {} has no target group", alb.name));
        return Ok((Status::Fail, evidence));
    }
    for g in groups.target_groups() {
        let (Some(arn), name) = (g.target_group_arn(), g.target_group_name().unwrap_or("?")) else {
            continue;
        };
        let health = elb
            .describe_target_health()
            .target_group_arn(arn)
            .send()
            .await
            .map_err(|e| {
                aws.ctx.error(
                    "elasticloadbalancing:DescribeTargetHealth",
                    &format!("target group {name}"),
                    &e,
                )
            })?;
        let descs = health.target_health_descriptions();
        let mut healthy = 0;
        let mut bad = Vec::new();
        for d in descs {
            let id = d.target().and_then(|t| t.id()).unwrap_or("?");
            let state = d
                .target_health()
                .and_then(|h| h.state())
                .map(|s| s.as_str())
                .unwrap_or("unknown");
            if state == "healthy" {
                healthy += 1;
            } else {
                let reason = d
                    .target_health()
                    .and_then(|h| h.reason())
                    .map(|r| format!(" ({})", r.as_str()))
                    .unwrap_or_default();
                bad.push(format!("{id} {state}{reason}"));
            }
        }
        let path = g
            .health_check_path()
            .map(|p| format!(", health check {p}"))
            .unwrap_or_default();
        if descs.is_empty() {
            ok = false;
            evidence.push(format!("target group {name}: no registered targets{path}"));
        } else if bad.is_empty() {
            evidence.push(format!("target group {name}: {healthy} healthy{path}"));
        } else {
            ok = false;
            evidence.push(format!(
                "target group {name}: {healthy} healthy, not healthy: {}{path}",
                some_of(&bad, 5)
            ));
        }
    }
    Ok((if ok { Status::Pass } else { Status::Fail }, evidence))
}

pub(crate) async fn waf(aws: &Aws, r: &Resolved) -> Outcome {
    let Some(alb) = alb_of(r)? else {
        return skip("no load balancer given (name or ARN)");
    };
    let waf = aws_sdk_wafv2::Client::new(&aws.config);
    match waf
        .get_web_acl_for_resource()
        .resource_arn(&alb.arn)
        .send()
        .await
    {
        Ok(out) => match out.web_acl() {
            Some(acl) => Ok((
                Status::Pass,
                vec![format!(
                    "web ACL {} ({} rules) is associated with load balancer {}",
                    acl.name(),
                    acl.rules().len(),
                    alb.name
                )],
            )),
            None => Ok((
                Status::Fail,
                vec![format!(
                    "no web ACL is associated with load balancer {}",
                    alb.name
                )],
            )),
        },
        Err(err)
            if err
                .as_service_error()
                .is_some_and(|e| e.is_waf_nonexistent_item_exception()) =>
        {
            Ok((
                Status::Fail,
                vec![format!(
                    "no web ACL is associated with load balancer {}",
                    alb.name
                )],
            ))
        }
        Err(err) => Err(aws.ctx.error(
            "wafv2:GetWebACLForResource",
            &format!("load balancer {}", alb.name),
            &err,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::name_covers;

    #[test]
    fn certificate_names() {
        assert!(name_covers("example.com", "example.com"));
        assert!(name_covers("*.example.com", "app.example.com"));
        assert!(!name_covers("*.example.com", "example.com"));
        assert!(!name_covers("*.example.com", "a.b.example.com"));
        assert!(name_covers("App.Example.com.", "app.example.com"));
        assert!(!name_covers("other.com", "example.com"));
    }
}
