//! Monitoring: alarms and where they send, the dashboard, GuardDuty.

use std::collections::BTreeSet;

use aws_sdk_guardduty::types::DetectorStatus;

use super::{skip, some_of, Outcome, Status, VerifyTarget};
use crate::client::Aws;

fn is_sns(arn: &str) -> bool {
    arn.split(':').nth(2) == Some("sns")
}

/// The `alarms` check and the `alarm-subscriptions` check (which needs the topics
/// the alarms send to).
pub(crate) async fn alarms(aws: &Aws, target: &VerifyTarget) -> (Outcome, Outcome) {
    let cw = aws_sdk_cloudwatch::Client::new(&aws.config);
    let scope = match &target.alarm_prefix {
        Some(p) => format!("alarms named {p}*"),
        None => format!("alarms in {}", aws.region),
    };
    // name -> SNS topics of its alarm actions (when actions are enabled)
    let mut found: Vec<(String, Vec<String>)> = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = match cw
            .describe_alarms()
            .set_alarm_name_prefix(target.alarm_prefix.clone())
            .alarm_types(aws_sdk_cloudwatch::types::AlarmType::MetricAlarm)
            .alarm_types(aws_sdk_cloudwatch::types::AlarmType::CompositeAlarm)
            .set_next_token(token.clone())
            .send()
            .await
        {
            Ok(p) => p,
            Err(e) => {
                let err = aws.ctx.error("cloudwatch:DescribeAlarms", &scope, &e);
                return (
                    Err(err),
                    skip("the alarms could not be read (see the alarms check)"),
                );
            }
        };
        for a in page.metric_alarms() {
            let topics = sns_actions(a.actions_enabled(), a.alarm_actions());
            found.push((a.alarm_name().unwrap_or("?").to_string(), topics));
        }
        for a in page.composite_alarms() {
            let topics = sns_actions(a.actions_enabled(), a.alarm_actions());
            found.push((a.alarm_name().unwrap_or("?").to_string(), topics));
        }
        match page.next_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_string()),
            _ => break,
        }
    }
    if found.is_empty() {
        return (
            Ok((Status::Fail, vec![format!("no {scope}")])),
            skip("no alarm, so no alarm topic to check"),
        );
    }
    let silent: Vec<String> = found
        .iter()
        .filter(|(_, t)| t.is_empty())
        .map(|(n, _)| n.clone())
        .collect();
    let topics: BTreeSet<String> = found.iter().flat_map(|(_, t)| t.iter().cloned()).collect();
    let mut evidence = vec![format!(
        "{} {scope}; {} notify SNS",
        found.len(),
        found.len() - silent.len()
    )];
    if !topics.is_empty() {
        evidence.push(format!(
            "topics: {}",
            some_of(&topics.iter().cloned().collect::<Vec<_>>(), 5)
        ));
    }
    let alarm_outcome = if silent.is_empty() {
        Ok((Status::Pass, evidence))
    } else {
        evidence.push(format!(
            "alarms with no SNS alarm action (or actions disabled): {}",
            some_of(&silent, 10)
        ));
        Ok((Status::Fail, evidence))
    };
    let subs = if topics.is_empty() {
        skip("no alarm notifies an SNS topic (see the alarms check)")
    } else {
        subscriptions(aws, &topics).await
    };
    (alarm_outcome, subs)
}

async fn subscriptions(aws: &Aws, topics: &BTreeSet<String>) -> Outcome {
    let sns = aws_sdk_sns::Client::new(&aws.config);
    let mut ok = true;
    let mut evidence = Vec::new();
    for topic in topics {
        let mut confirmed = Vec::new();
        let mut pending = 0;
        let mut token: Option<String> = None;
        loop {
            let page = sns
                .list_subscriptions_by_topic()
                .topic_arn(topic)
                .set_next_token(token.clone())
                .send()
                .await
                .map_err(|e| {
                    aws.ctx.error(
                        "sns:ListSubscriptionsByTopic",
                        &format!("topic {topic}"),
                        &e,
                    )
                })?;
            for s in page.subscriptions() {
                match s.subscription_arn() {
                    Some(arn) if arn.starts_with("arn:") => {
                        confirmed.push(s.protocol().unwrap_or("?").to_string())
                    }
                    _ => pending += 1,
                }
            }
            match page.next_token() {
                Some(t) if !t.is_empty() => token = Some(t.to_string()),
                _ => break,
            }
        }
        let pending_note = if pending > 0 {
            format!(", {pending} pending confirmation")
        } else {
            String::new()
        };
        if confirmed.is_empty() {
            ok = false;
            evidence.push(format!(
                "topic {topic}: no confirmed subscription{pending_note}"
            ));
        } else {
            evidence.push(format!(
                "topic {topic}: {} confirmed ({}){pending_note}",
                confirmed.len(),
                confirmed.join(", ")
            ));
        }
    }
    Ok((if ok { Status::Pass } else { Status::Fail }, evidence))
}

pub(crate) async fn dashboard(aws: &Aws, target: &VerifyTarget) -> Outcome {
    let cw = aws_sdk_cloudwatch::Client::new(&aws.config);
    let scope = match &target.dashboard_prefix {
        Some(p) => format!("dashboards named {p}*"),
        None => format!("dashboards in account {}", aws.caller.account),
    };
    let mut names = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = cw
            .list_dashboards()
            .set_dashboard_name_prefix(target.dashboard_prefix.clone())
            .set_next_token(token.clone())
            .send()
            .await
            .map_err(|e| aws.ctx.error("cloudwatch:ListDashboards", &scope, &e))?;
        names.extend(
            page.dashboard_entries()
                .iter()
                .filter_map(|d| d.dashboard_name().map(str::to_string)),
        );
        match page.next_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_string()),
            _ => break,
        }
    }
    if names.is_empty() {
        Ok((Status::Fail, vec![format!("no {scope}")]))
    } else {
        Ok((
            Status::Pass,
            vec![format!("{} {scope}: {}", names.len(), some_of(&names, 5))],
        ))
    }
}

pub(crate) async fn guardduty(aws: &Aws) -> Outcome {
    let gd = aws_sdk_guardduty::Client::new(&aws.config);
    let scope = format!("account {} in {}", aws.caller.account, aws.region);
    let list = gd
        .list_detectors()
        .send()
        .await
        .map_err(|e| aws.ctx.error("guardduty:ListDetectors", &scope, &e))?;
    if list.detector_ids().is_empty() {
        return Ok((
            Status::Fail,
            vec![format!("no GuardDuty detector in {scope}")],
        ));
    }
    let mut evidence = Vec::new();
    let mut enabled = false;
    for id in list.detector_ids() {
        let d = gd
            .get_detector()
            .detector_id(id)
            .send()
            .await
            .map_err(|e| {
                aws.ctx
                    .error("guardduty:GetDetector", &format!("detector {id}"), &e)
            })?;
        let status = d.status().map(|s| s.as_str()).unwrap_or("UNKNOWN");
        if d.status() == Some(&DetectorStatus::Enabled) {
            enabled = true;
        }
        evidence.push(format!("detector {id}: {status}"));
    }
    Ok((if enabled { Status::Pass } else { Status::Fail }, evidence))
}

/// The SNS topics an alarm notifies: none while its actions are disabled.
fn sns_actions(enabled: Option<bool>, actions: &[String]) -> Vec<String> {
    if !enabled.unwrap_or(true) {
        return Vec::new();
    }
    actions.iter().filter(|x| is_sns(x)).cloned().collect()
}
