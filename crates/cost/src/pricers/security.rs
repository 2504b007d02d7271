//! Pricers: WAF, GuardDuty, Backup, CloudFront, flow logs and AWS Config.

use super::*;

pub(super) fn web_acl(est: &mut Estimator<'_>, r: &ResourceRef<'_>, d: &mut Draft, n: f64) {
    est.charge(d, "waf.web-acl", "web ACL", n, None, None);
    let rules = r.blocks("rule");
    let mut bot_control = None;
    let mut atp = false;
    let mut acfp = false;
    let mut dynamic_unknown = false;
    for rule in &rules {
        // Only the block's own scope: a `dynamic` iterator, not `each`.
        if rule
            .bindings
            .vars
            .iter()
            .any(|(n, v)| n.ends_with(".value") && v.is_unknown())
        {
            dynamic_unknown = true;
        }
        for statement in rule.blocks("statement") {
            for managed in statement.blocks("managed_rule_group_statement") {
                let name = string(&managed, "name").known().unwrap_or_default();
                match name.as_str() {
                    "AWSManagedRulesBotControlRuleSet" => {
                        let targeted = managed
                            .blocks("managed_rule_group_configs")
                            .iter()
                            .flat_map(|c| c.blocks("aws_managed_rules_bot_control_rule_set"))
                            .any(|c| matches!(string(&c, "inspection_level"), Got::Set(l) if l == "TARGETED"));
                        bot_control = Some(targeted);
                    }
                    "AWSManagedRulesATPRuleSet" => atp = true,
                    "AWSManagedRulesACFPRuleSet" => acfp = true,
                    _ => {}
                }
            }
        }
    }
    if dynamic_unknown {
        d.assume("a dynamic rule over a collection known only at apply is counted once");
    }
    let count = rules.len() as f64;
    d.assume(format!(
        "{} rules counted from the configuration (dynamic rules included); a managed rule group is one rule",
        number(count)
    ));
    est.charge(
        d,
        "waf.rule",
        "rules",
        count * n,
        Some(times(n, format!("{} rules", number(count)))),
        None,
    );
    let requests = est.usage(d, "requests");
    est.charge(
        d,
        "waf.requests",
        "requests inspected",
        requests.value * n,
        None,
        Some(requests.clone()),
    );
    if let Some(targeted) = bot_control {
        est.charge(
            d,
            "waf.bot-control.common.subscription",
            "Bot Control subscription",
            n,
            None,
            None,
        );
        if targeted {
            est.charge(
                d,
                "waf.bot-control.targeted.requests",
                "Bot Control (targeted) requests",
                requests.value * n,
                None,
                None,
            );
        } else {
            est.charge(
                d,
                "waf.bot-control.common.requests",
                "Bot Control requests",
                requests.value * n,
                None,
                None,
            );
        }
    }
    if atp {
        est.charge(
            d,
            "waf.atp.subscription",
            "Account Takeover Prevention subscription",
            n,
            None,
            None,
        );
        d.assume("ATP login attempts are extra (not modelled)");
    }
    if acfp {
        est.charge(
            d,
            "waf.acfp.subscription",
            "Account Creation Fraud Prevention subscription",
            n,
            None,
            None,
        );
        d.assume("ACFP creation attempts are extra (not modelled)");
    }
}

pub(super) fn guardduty(
    est: &mut Estimator<'_>,
    context: &Context,
    r: &ResourceRef<'_>,
    d: &mut Draft,
    n: f64,
) {
    let body = r.body();
    if matches!(boolean(&body, "enable"), Got::Set(false)) {
        d.free = Some("detector disabled".to_string());
        return;
    }
    d.assume("30-day free trial per account and region not modelled");
    let events = est.usage(d, "cloudtrail_management_events");
    est.charge(
        d,
        "guardduty.cloudtrail-management-events",
        "CloudTrail management events",
        events.value * n,
        None,
        Some(events),
    );
    let logs = est.usage(d, "vpc_flow_dns_gb");
    est.charge(
        d,
        "guardduty.vpc-flow-dns-logs",
        "VPC flow and DNS logs analysed",
        logs.value * n,
        None,
        Some(logs),
    );
    let mut features = context
        .guardduty_features
        .get(&(r.instance.id, r.resource.name.clone()))
        .cloned()
        .unwrap_or_default();
    // The older `datasources` block.
    for ds in body.blocks("datasources") {
        for s3 in ds.blocks("s3_logs") {
            if matches!(boolean(&s3, "enable"), Got::Set(true)) {
                features.push("S3_DATA_EVENTS".to_string());
            }
        }
    }
    features.sort();
    features.dedup();
    for feature in features {
        match feature.as_str() {
            "S3_DATA_EVENTS" => {
                let s3 = est.usage(d, "s3_data_events");
                est.charge(
                    d,
                    "guardduty.s3-data-events",
                    "S3 data events analysed",
                    s3.value * n,
                    None,
                    Some(s3),
                );
            }
            "EBS_MALWARE_PROTECTION" => {
                d.assume("EBS malware protection is billed per GB scanned, only when a finding triggers a scan: $0 at rest");
            }
            "RDS_LOGIN_EVENTS" if !est.saw_aurora => d.assume(
                "RDS Protection monitors Aurora logins only (AWS GuardDuty docs) and no Aurora cluster was priced: $0",
            ),
            "LAMBDA_NETWORK_LOGS" => d.assume(
                "Lambda Protection is billed per GB of Lambda network logs: no Lambda functions are priced here, $0",
            ),
            other => d.unknown(format!(
                "GuardDuty protection plan {other} (enabled) is not in the price list"
            )),
        }
    }
}

pub(super) fn backup_plan(est: &mut Estimator<'_>, d: &mut Draft, n: f64) {
    d.assume("backup storage from usage (warm tier); cold-storage lifecycle not modelled");
    let rds = est.usage(d, "rds_backup_gb");
    est.charge(
        d,
        "backup.rds.storage",
        "RDS backups stored",
        rds.value * n,
        None,
        Some(rds),
    );
    let ebs = est.usage(d, "ebs_backup_gb");
    est.charge(
        d,
        "backup.ebs.warm-storage",
        "EBS backups stored",
        ebs.value * n,
        None,
        Some(ebs),
    );
}

pub(super) fn cloudfront(est: &mut Estimator<'_>, r: &ResourceRef<'_>, d: &mut Draft, n: f64) {
    let class = string(&r.body(), "price_class")
        .known()
        .unwrap_or_else(|| "PriceClass_All".into());
    d.assume(format!(
        "{class}: viewers assumed in North America and Europe (pay-as-you-go, not a flat-rate plan)"
    ));
    let gb = est.usage(d, "data_transfer_out_gb");
    est.charge(
        d,
        "cloudfront.data-transfer-out.na-eu",
        "data transfer to viewers",
        gb.value * n,
        None,
        Some(gb),
    );
    let requests = est.usage(d, "https_requests");
    est.charge(
        d,
        "cloudfront.https-requests.north-america",
        "HTTPS requests",
        requests.value * n,
        None,
        Some(requests),
    );
}

pub(super) fn flow_log(est: &mut Estimator<'_>, r: &ResourceRef<'_>, d: &mut Draft, n: f64) {
    match string(&r.body(), "log_destination_type") {
        Got::Set(t) if t == "cloud-watch-logs" => {}
        Got::Unset => {}
        Got::Set(t) => {
            d.unknown(format!(
                "flow logs delivered to {t} are not in the price list"
            ));
            return;
        }
        Got::Unknown(src) => {
            d.unknown(format!(
                "log_destination_type `{src}` is known only at apply"
            ));
            return;
        }
    }
    let gb = est.usage(d, "monthly_gb");
    est.charge(
        d,
        "vpc.flow-logs.cloudwatch-logs",
        "flow logs delivered to CloudWatch Logs (vended)",
        gb.value * n,
        None,
        Some(gb),
    );
    d.assume("storage is priced on the receiving log group's line");
}

pub(super) fn config_recorder(est: &mut Estimator<'_>, r: &ResourceRef<'_>, d: &mut Draft, n: f64) {
    let periodic = r
        .blocks("recording_mode")
        .iter()
        .any(|m| matches!(string(m, "recording_frequency"), Got::Set(f) if f == "DAILY"));
    let items = est.usage(d, "configuration_items");
    if periodic {
        est.charge(
            d,
            "config.configuration-item.periodic",
            "configuration items (daily)",
            items.value * n,
            None,
            Some(items),
        );
    } else {
        est.charge(
            d,
            "config.configuration-item.continuous",
            "configuration items (continuous)",
            items.value * n,
            None,
            Some(items),
        );
    }
}
