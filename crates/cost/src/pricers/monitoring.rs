//! Pricers: CloudWatch alarms and logs, SNS, Route 53 and ACM.

use super::*;

pub(super) fn alarm(est: &mut Estimator<'_>, r: &ResourceRef<'_>, draft: &mut Draft, copies: f64) {
    let body = r.body();
    let queries = body.blocks("metric_query");
    let metrics = if queries.is_empty() {
        1.0
    } else {
        let m = queries
            .iter()
            .filter(|q| !q.blocks("metric").is_empty())
            .count() as f64;
        draft.assume(format!(
            "metric math alarm: billed per metric it reads ({})",
            number(m)
        ));
        m.max(1.0)
    };
    let high_res = matches!(num(&body, "period"), Setting::Set(p) if p < 60.0)
        || queries.iter().any(|q| {
            q.blocks("metric")
                .iter()
                .any(|m| matches!(num(m, "period"), Setting::Set(p) if p < 60.0))
        });
    let q = metrics * copies;
    if high_res {
        est.charge(
            draft,
            "cloudwatch.alarm.high-resolution",
            "high-resolution alarm metrics",
            q,
            None,
            None,
        );
    } else {
        est.charge(
            draft,
            "cloudwatch.alarm.standard",
            "alarm metrics",
            q,
            None,
            None,
        );
    }
}

pub(super) fn log_group(
    est: &mut Estimator<'_>,
    context: &Context,
    r: &ResourceRef<'_>,
    draft: &mut Draft,
    copies: f64,
) {
    let body = r.body();
    let fed_by_flow_log = context
        .flow_log_groups
        .contains(&(r.instance.id, r.resource.name.clone()));
    let ingestion = est.usage(draft, "ingestion_gb");
    let ingest_gb = if fed_by_flow_log {
        let flow = est
            .usage
            .get(&draft.address, "aws_flow_log", "monthly_gb")
            .map_or(0.0, |u| u.value);
        draft.assume("receives VPC flow logs: their ingestion is priced on the aws_flow_log line, only storage here");
        flow
    } else {
        est.charge(
            draft,
            "cloudwatch.logs.ingestion",
            "logs ingested",
            ingestion.value * copies,
            None,
            Some(ingestion.clone()),
        );
        ingestion.value
    };
    let stored = est.usage(draft, "storage_gb");
    let (gb, text) = if stored.value >= 0.0 {
        (stored.value, None)
    } else {
        let (months, why) = match num(&body, "retention_in_days") {
            Setting::Set(days) if days > 0.0 => {
                ((days / 30.0).min(12.0), format!("{} days", number(days)))
            }
            Setting::Set(_) | Setting::Unset => {
                draft.assume("no retention: logs never expire, storage after a year (12 months of logs) assumed");
                (12.0, "never expires: 12 months".to_string())
            }
            Setting::Unknown(src) => {
                draft.assume(format!(
                    "retention `{src}` is known only at apply: 1 month assumed"
                ));
                (1.0, "1 month".to_string())
            }
        };
        (
            ingest_gb * months,
            Some(format!(
                "{} GB/month × {} months ({why})",
                number(ingest_gb),
                number((months * 100.0).round() / 100.0)
            )),
        )
    };
    est.charge(
        draft,
        "cloudwatch.logs.storage",
        "logs stored",
        gb * copies,
        text.map(|t| times(copies, t)),
        (stored.value >= 0.0).then_some(stored),
    );
}

pub(super) fn sns_topic(
    est: &mut Estimator<'_>,
    context: &Context,
    r: &ResourceRef<'_>,
    draft: &mut Draft,
    copies: f64,
) {
    let publishes = est.usage(draft, "publishes");
    est.charge(
        draft,
        "sns.publish",
        "publishes",
        publishes.value * copies,
        None,
        Some(publishes.clone()),
    );
    let subs = context
        .subscriptions
        .get(&(r.instance.id, r.resource.name.clone()))
        .cloned()
        .unwrap_or_default();
    for (protocol, count) in subs {
        let deliveries = publishes.value * count * copies;
        let text = Some(format!(
            "{} publishes × {} subscriptions",
            number(publishes.value),
            number(count * copies)
        ));
        match protocol.as_str() {
            "email" | "email-json" => est.charge(
                draft,
                "sns.delivery.email",
                "email deliveries",
                deliveries,
                text,
                None,
            ),
            "https" | "http" => est.charge(
                draft,
                "sns.delivery.https",
                "HTTP(S) deliveries",
                deliveries,
                text,
                None,
            ),
            "sqs" | "lambda" | "firehose" => {
                draft.assume(format!("{protocol} deliveries are free"))
            }
            other => draft.unknown(format!(
                "{} deliveries are not in the price list",
                if other.is_empty() {
                    "unknown protocol"
                } else {
                    other
                }
            )),
        }
    }
}

pub(super) fn route53_zone(est: &mut Estimator<'_>, draft: &mut Draft, copies: f64) {
    est.charge(
        draft,
        "route53.hosted-zone",
        "hosted zone",
        copies,
        None,
        None,
    );
    est.charge_usage(
        draft,
        "queries",
        "route53.queries.standard",
        "standard queries",
        copies,
    );
}

pub(super) fn acm_certificate(
    est: &mut Estimator<'_>,
    r: &ResourceRef<'_>,
    draft: &mut Draft,
    copies: f64,
) {
    if r.attr("certificate_authority_arn").is_some() {
        draft.unknown("private certificates are not in the price list".into());
        return;
    }
    est.charge(
        draft,
        "acm.certificate.public",
        "public certificate",
        copies,
        None,
        None,
    );
}
