//! Pricers: CloudWatch alarms and logs, SNS, Route 53 and ACM.

use super::*;

pub(super) fn alarm(est: &mut Estimator<'_>, r: &ResourceRef<'_>, d: &mut Draft, n: f64) {
    let body = r.body();
    let queries = body.blocks("metric_query");
    let metrics = if queries.is_empty() {
        1.0
    } else {
        let m = queries
            .iter()
            .filter(|q| !q.blocks("metric").is_empty())
            .count() as f64;
        d.assume(format!(
            "metric math alarm: billed per metric it reads ({})",
            number(m)
        ));
        m.max(1.0)
    };
    let high_res = matches!(num(&body, "period"), Got::Set(p) if p < 60.0)
        || queries.iter().any(|q| {
            q.blocks("metric")
                .iter()
                .any(|m| matches!(num(m, "period"), Got::Set(p) if p < 60.0))
        });
    let q = metrics * n;
    if high_res {
        est.charge(
            d,
            "cloudwatch.alarm.high-resolution",
            "high-resolution alarm metrics",
            q,
            None,
            None,
        );
    } else {
        est.charge(
            d,
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
    d: &mut Draft,
    n: f64,
) {
    let body = r.body();
    let fed_by_flow_log = context
        .flow_log_groups
        .contains(&(r.instance.id, r.resource.name.clone()));
    let ingestion = est.usage(d, "ingestion_gb");
    let ingest_gb = if fed_by_flow_log {
        let flow = est
            .usage
            .get(&d.address, "aws_flow_log", "monthly_gb")
            .map_or(0.0, |u| u.value);
        d.assume("receives VPC flow logs: their ingestion is priced on the aws_flow_log line, only storage here");
        flow
    } else {
        est.charge(
            d,
            "cloudwatch.logs.ingestion",
            "logs ingested",
            ingestion.value * n,
            None,
            Some(ingestion.clone()),
        );
        ingestion.value
    };
    let stored = est.usage(d, "storage_gb");
    let (gb, text) = if stored.value >= 0.0 {
        (stored.value, None)
    } else {
        let (months, why) = match num(&body, "retention_in_days") {
            Got::Set(days) if days > 0.0 => {
                ((days / 30.0).min(12.0), format!("{} days", number(days)))
            }
            Got::Set(_) | Got::Unset => {
                d.assume("no retention: logs never expire, storage after a year (12 months of logs) assumed");
                (12.0, "never expires: 12 months".to_string())
            }
            Got::Unknown(src) => {
                d.assume(format!(
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
        d,
        "cloudwatch.logs.storage",
        "logs stored",
        gb * n,
        text.map(|t| times(n, t)),
        (stored.value >= 0.0).then_some(stored),
    );
}

pub(super) fn sns_topic(
    est: &mut Estimator<'_>,
    context: &Context,
    r: &ResourceRef<'_>,
    d: &mut Draft,
    n: f64,
) {
    let publishes = est.usage(d, "publishes");
    est.charge(
        d,
        "sns.publish",
        "publishes",
        publishes.value * n,
        None,
        Some(publishes.clone()),
    );
    let subs = context
        .subscriptions
        .get(&(r.instance.id, r.resource.name.clone()))
        .cloned()
        .unwrap_or_default();
    for (protocol, count) in subs {
        let deliveries = publishes.value * count * n;
        let text = Some(format!(
            "{} publishes × {} subscriptions",
            number(publishes.value),
            number(count * n)
        ));
        match protocol.as_str() {
            "email" | "email-json" => est.charge(
                d,
                "sns.delivery.email",
                "email deliveries",
                deliveries,
                text,
                None,
            ),
            "https" | "http" => est.charge(
                d,
                "sns.delivery.https",
                "HTTP(S) deliveries",
                deliveries,
                text,
                None,
            ),
            "sqs" | "lambda" | "firehose" => d.assume(format!("{protocol} deliveries are free")),
            other => d.unknown(format!(
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

pub(super) fn route53_zone(est: &mut Estimator<'_>, d: &mut Draft, n: f64) {
    est.charge(d, "route53.hosted-zone", "hosted zone", n, None, None);
    let queries = est.usage(d, "queries");
    est.charge(
        d,
        "route53.queries.standard",
        "standard queries",
        queries.value * n,
        None,
        Some(queries),
    );
}

pub(super) fn acm_certificate(est: &mut Estimator<'_>, r: &ResourceRef<'_>, d: &mut Draft, n: f64) {
    if r.attr("certificate_authority_arn").is_some() {
        d.unknown("private certificates are not in the price list".into());
        return;
    }
    est.charge(
        d,
        "acm.certificate.public",
        "public certificate",
        n,
        None,
        None,
    );
}
