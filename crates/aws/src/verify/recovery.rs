//! Whether backups are happening, not only planned: each protected
//! resource's latest recovery point must be younger than its plan's schedule
//! says it should be (the interval plus the plan's start window).

use super::{Outcome, Status};
use crate::client::Aws;

/// Hours between two runs of a Backup rule's `ScheduleExpression`
/// (`cron(0 5 * * ? *)` is 24, `cron(0 */6 * * ? *)` 6, `rate(12 hours)` 12,
/// a weekday list a week over its length, a day of the month 31 days).
pub fn interval_hours(expr: &str) -> u64 {
    let inner = |p: &str| {
        expr.strip_prefix(p)
            .and_then(|r| r.strip_suffix(')'))
            .map(str::trim)
    };
    if let Some(rate) = inner("rate(") {
        let mut it = rate.split_whitespace();
        let n: u64 = it.next().and_then(|n| n.parse().ok()).unwrap_or(1);
        return match it.next().unwrap_or("") {
            u if u.starts_with("minute") => n.div_ceil(60).max(1),
            u if u.starts_with("hour") => n,
            _ => n * 24,
        };
    }
    let Some(cron) = inner("cron(") else {
        return 24;
    };
    let f: Vec<&str> = cron.split_whitespace().collect();
    let (hours, dom, dow) = (
        f.get(1).copied().unwrap_or("0"),
        f.get(2).copied().unwrap_or("*"),
        f.get(4).copied().unwrap_or("?"),
    );
    if let Some((_, step)) = hours.split_once('/') {
        return step.parse().unwrap_or(24);
    }
    if hours == "*" {
        return 1;
    }
    if !matches!(dow, "?" | "*") {
        let days = dow.split(',').count() as u64;
        return (7 * 24 / days.max(1)).max(24);
    }
    if !matches!(dom, "?" | "*") {
        return 31 * 24;
    }
    24 / (hours.split(',').count() as u64).max(1)
}

/// The recency check for `resources` (what, ARN), each with the tightest
/// interval (hours) and start window (hours) of the plans covering it.
pub(crate) async fn recency(aws: &Aws, resources: &[(String, String, u64, u64)]) -> Outcome {
    if resources.is_empty() {
        return super::skip("no backup selection covers the stack's resources");
    }
    let client = aws_sdk_backup::Client::new(&aws.config);
    let now = super::exercise::epoch_secs() as i64;
    let mut evidence = Vec::new();
    let mut ok = true;
    for (what, arn, every, window) in resources {
        let out = client
            .list_recovery_points_by_resource()
            .resource_arn(arn)
            .send()
            .await
            .map_err(|e| {
                aws.ctx
                    .error("backup:ListRecoveryPointsByResource", what, &e)
            })?;
        let latest = out
            .recovery_points()
            .iter()
            .filter(|p| p.status().is_none_or(|s| s.as_str() == "COMPLETED"))
            .filter_map(|p| p.creation_date().map(|d| d.secs()))
            .max();
        let allowed = (every + window) * 3600;
        match latest {
            None => {
                ok = false;
                evidence.push(format!("{what}: no completed recovery point yet"));
            }
            Some(t) => {
                let age = (now - t).max(0) as u64;
                let fresh = age <= allowed;
                ok &= fresh;
                evidence.push(format!(
                    "{what}: latest recovery point {} h old; the schedule runs every {every} h (+{window} h start window){}",
                    age / 3600,
                    if fresh { "" } else { ": backups are not happening" }
                ));
            }
        }
    }
    Ok((if ok { Status::Pass } else { Status::Fail }, evidence))
}

#[cfg(test)]
mod tests {
    use super::interval_hours;

    #[test]
    fn schedules() {
        assert_eq!(interval_hours("cron(0 5 ? * * *)"), 24);
        assert_eq!(interval_hours("cron(0 */6 * * ? *)"), 6);
        assert_eq!(interval_hours("cron(0 5,17 * * ? *)"), 12);
        assert_eq!(interval_hours("cron(0 5 ? * SUN *)"), 168);
        assert_eq!(interval_hours("cron(0 5 1 * ? *)"), 744);
        assert_eq!(interval_hours("rate(12 hours)"), 12);
        assert_eq!(interval_hours("rate(2 days)"), 48);
    }
}
