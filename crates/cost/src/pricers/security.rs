//! Pricers: WAF, GuardDuty, Backup, CloudFront, flow logs and AWS Config.

use super::*;

pub(super) fn web_acl(
    est: &mut Estimator<'_>,
    r: &ResourceRef<'_>,
    draft: &mut Draft,
    copies: f64,
) {
    est.charge(draft, "waf.web-acl", "web ACL", copies, None, None);
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
            .any(|(copies, v)| copies.ends_with(".value") && v.is_unknown())
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
                            .any(|c| matches!(string(&c, "inspection_level"), Setting::Set(l) if l == "TARGETED"));
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
        draft.assume("a dynamic rule over a collection known only at apply is counted once");
    }
    let count = rules.len() as f64;
    draft.assume(format!(
        "{} rules counted from the configuration (dynamic rules included); a managed rule group is one rule",
        number(count)
    ));
    est.charge(
        draft,
        "waf.rule",
        "rules",
        count * copies,
        Some(times(copies, format!("{} rules", number(count)))),
        None,
    );
    let requests = est.usage(draft, "requests");
    est.charge(
        draft,
        "waf.requests",
        "requests inspected",
        requests.value * copies,
        None,
        Some(requests.clone()),
    );
    if let Some(targeted) = bot_control {
        est.charge(
            draft,
            "waf.bot-control.common.subscription",
            "Bot Control subscription",
            copies,
            None,
            None,
        );
        if targeted {
            est.charge(
                draft,
                "waf.bot-control.targeted.requests",
                "Bot Control (targeted) requests",
                requests.value * copies,
                None,
                None,
            );
        } else {
            est.charge(
                draft,
                "waf.bot-control.common.requests",
                "Bot Control requests",
                requests.value * copies,
                None,
                None,
            );
        }
    }
    if atp {
        est.charge(
            draft,
            "waf.atp.subscription",
            "Account Takeover Prevention subscription",
            copies,
            None,
            None,
        );
        draft.assume("ATP login attempts are extra (not modelled)");
    }
    if acfp {
        est.charge(
            draft,
            "waf.acfp.subscription",
            "Account Creation Fraud Prevention subscription",
            copies,
            None,
            None,
        );
        draft.assume("ACFP creation attempts are extra (not modelled)");
    }
}

pub(super) fn guardduty(
    est: &mut Estimator<'_>,
    context: &Context,
    r: &ResourceRef<'_>,
    draft: &mut Draft,
    copies: f64,
) {
    let body = r.body();
    if matches!(boolean(&body, "enable"), Setting::Set(false)) {
        draft.free = Some("detector disabled".to_string());
        return;
    }
    draft.assume("30-day free trial per account and region not modelled");
    let events = est.usage(draft, "cloudtrail_management_events");
    est.charge(
        draft,
        "guardduty.cloudtrail-management-events",
        "CloudTrail management events",
        events.value * copies,
        None,
        Some(events),
    );
    let logs = est.usage(draft, "vpc_flow_dns_gb");
    est.charge(
        draft,
        "guardduty.vpc-flow-dns-logs",
        "VPC flow and DNS logs analysed",
        logs.value * copies,
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
            if matches!(boolean(&s3, "enable"), Setting::Set(true)) {
                features.push("S3_DATA_EVENTS".to_string());
            }
        }
    }
    features.sort();
    features.dedup();
    for feature in features {
        match feature.as_str() {
            "S3_DATA_EVENTS" => {
                est.charge_usage(draft, "s3_data_events", "guardduty.s3-data-events", "S3 data events analysed", copies);
            }
            "EBS_MALWARE_PROTECTION" => {
                draft.assume("EBS malware protection is billed per GB scanned, only when a finding triggers a scan: $0 at rest");
            }
            "RDS_LOGIN_EVENTS" if !est.saw_aurora => draft.assume(
                "RDS Protection monitors Aurora logins only (AWS GuardDuty docs) and no Aurora cluster was priced: $0",
            ),
            "LAMBDA_NETWORK_LOGS" => draft.assume(
                "Lambda Protection is billed per GB of Lambda network logs: no Lambda functions are priced here, $0",
            ),
            other => draft.unknown(format!(
                "GuardDuty protection plan {other} (enabled) is not in the price list"
            )),
        }
    }
}

pub(super) fn backup_plan(est: &mut Estimator<'_>, draft: &mut Draft, copies: f64) {
    draft.assume("backup storage from usage (warm tier); cold-storage lifecycle not modelled");
    est.charge_usage(
        draft,
        "rds_backup_gb",
        "backup.rds.storage",
        "RDS backups stored",
        copies,
    );
    est.charge_usage(
        draft,
        "ebs_backup_gb",
        "backup.ebs.warm-storage",
        "EBS backups stored",
        copies,
    );
}

pub(super) fn cloudfront(
    est: &mut Estimator<'_>,
    r: &ResourceRef<'_>,
    draft: &mut Draft,
    copies: f64,
) {
    let class = string(&r.body(), "price_class")
        .known()
        .unwrap_or_else(|| "PriceClass_All".into());
    draft.assume(format!(
        "{class}: viewers assumed in North America and Europe (pay-as-you-go, not a flat-rate plan)"
    ));
    est.charge_usage(
        draft,
        "data_transfer_out_gb",
        "cloudfront.data-transfer-out.na-eu",
        "data transfer to viewers",
        copies,
    );
    est.charge_usage(
        draft,
        "https_requests",
        "cloudfront.https-requests.north-america",
        "HTTPS requests",
        copies,
    );
}

pub(super) fn flow_log(
    est: &mut Estimator<'_>,
    r: &ResourceRef<'_>,
    draft: &mut Draft,
    copies: f64,
) {
    match string(&r.body(), "log_destination_type") {
        Setting::Set(t) if t == "cloud-watch-logs" => {}
        Setting::Unset => {}
        Setting::Set(t) => {
            draft.unknown(format!(
                "flow logs delivered to {t} are not in the price list"
            ));
            return;
        }
        Setting::Unknown(src) => {
            draft.unknown(format!(
                "log_destination_type `{src}` is known only at apply"
            ));
            return;
        }
    }
    est.charge_usage(
        draft,
        "monthly_gb",
        "vpc.flow-logs.cloudwatch-logs",
        "flow logs delivered to CloudWatch Logs (vended)",
        copies,
    );
    draft.assume("storage is priced on the receiving log group's line");
}

pub(super) fn config_recorder(
    est: &mut Estimator<'_>,
    r: &ResourceRef<'_>,
    draft: &mut Draft,
    copies: f64,
) {
    let periodic = r
        .blocks("recording_mode")
        .iter()
        .any(|m| matches!(string(m, "recording_frequency"), Setting::Set(f) if f == "DAILY"));
    let items = est.usage(draft, "configuration_items");
    if periodic {
        est.charge(
            draft,
            "config.configuration-item.periodic",
            "configuration items (daily)",
            items.value * copies,
            None,
            Some(items),
        );
    } else {
        est.charge(
            draft,
            "config.configuration-item.continuous",
            "configuration items (continuous)",
            items.value * copies,
            None,
            Some(items),
        );
    }
}
