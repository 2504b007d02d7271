//! `--exercise alarms`: each alarm in scope that notifies an SNS topic is set
//! to ALARM, its history must show the notification sent, and it is set back.

use std::time::Instant;

use aws_sdk_cloudwatch::types::{HistoryItemType, StateValue};

use super::{Step, Undo, Waits};
use crate::client::Aws;
use crate::error::AwsError;
use crate::verify::{skip, some_of, Outcome, Status, VerifyTarget};

/// At most this many alarms are set off in one run.
const MOST: usize = 10;

pub(super) async fn set_state(
    aws: &Aws,
    alarm: &str,
    state: &str,
    reason: &str,
) -> Result<(), AwsError> {
    let cw = aws_sdk_cloudwatch::Client::new(&aws.config);
    cw.set_alarm_state()
        .alarm_name(alarm)
        .state_value(StateValue::from(state))
        .state_reason(reason)
        .send()
        .await
        .map(|_| ())
        .map_err(|e| {
            aws.ctx
                .error("cloudwatch:SetAlarmState", &format!("alarm {alarm}"), &e)
        })
}

pub(super) async fn run(aws: &Aws, target: &VerifyTarget, undo: &Undo, waits: Waits) -> Outcome {
    let cw = aws_sdk_cloudwatch::Client::new(&aws.config);
    let scope = target.alarm_prefix.clone();
    let page = cw
        .describe_alarms()
        .set_alarm_name_prefix(scope.clone())
        .send()
        .await
        .map_err(|e| aws.ctx.error("cloudwatch:DescribeAlarms", "the alarms", &e))?;
    let alarms: Vec<(String, String, Vec<String>)> = page
        .metric_alarms()
        .iter()
        .filter(|a| a.actions_enabled().unwrap_or(true))
        .filter_map(|a| {
            let topics: Vec<String> = a
                .alarm_actions()
                .iter()
                .filter(|x| x.starts_with("arn:") && x.contains(":sns:"))
                .cloned()
                .collect();
            let state = a.state_value().map_or("OK", |s| s.as_str()).to_string();
            (!topics.is_empty()).then(|| (a.alarm_name().unwrap_or("?").to_string(), state, topics))
        })
        .take(MOST)
        .collect();
    if alarms.is_empty() {
        return skip("no alarm in scope notifies an SNS topic with actions enabled");
    }
    let mut evidence = Vec::new();
    let mut ok = true;
    for (alarm, state, topics) in alarms {
        let since = aws_smithy_types::DateTime::from_secs(super::epoch_secs() as i64 - 5);
        let started = Instant::now();
        undo.push(Step::AlarmState {
            alarm: alarm.clone(),
            state: state.clone(),
        });
        set_state(
            aws,
            &alarm,
            "ALARM",
            "tfready verify --exercise alarms: test notification",
        )
        .await?;
        let sent = wait_for_action(aws, &alarm, &topics, since, waits).await;
        let restored = set_state(
            aws,
            &alarm,
            &state,
            "tfready verify --exercise alarms: state restored after the test",
        )
        .await;
        if restored.is_ok() {
            undo.done();
        }
        match sent {
            Ok(Some(summary)) => evidence.push(format!(
                "{alarm}: ALARM notified {} in {} s ({summary}); set back to {state}",
                some_of(&topics, 3),
                started.elapsed().as_secs()
            )),
            Ok(None) => {
                ok = false;
                evidence.push(format!(
                    "{alarm}: set to ALARM, but its history shows no notification sent to {} within {} s; set back to {state}",
                    some_of(&topics, 3),
                    waits.timeout.as_secs()
                ));
            }
            Err(e) => {
                ok = false;
                evidence.push(format!(
                    "{alarm}: the notification could not be confirmed: {e}; set back to {state}"
                ));
            }
        }
        if let Err(e) = restored {
            ok = false;
            evidence.push(format!("{alarm}: could not set it back to {state}: {e}"));
        }
    }
    Ok((if ok { Status::Pass } else { Status::Fail }, evidence))
}

/// The history item saying an action on one of `topics` was executed, once
/// it appears; `None` when the wait runs out. A failed action is an error.
async fn wait_for_action(
    aws: &Aws,
    alarm: &str,
    topics: &[String],
    since: aws_smithy_types::DateTime,
    waits: Waits,
) -> Result<Option<String>, AwsError> {
    let cw = aws_sdk_cloudwatch::Client::new(&aws.config);
    let started = Instant::now();
    loop {
        let history = cw
            .describe_alarm_history()
            .alarm_name(alarm)
            .history_item_type(HistoryItemType::Action)
            .start_date(since)
            .send()
            .await
            .map_err(|e| {
                aws.ctx.error(
                    "cloudwatch:DescribeAlarmHistory",
                    &format!("alarm {alarm}"),
                    &e,
                )
            })?;
        for item in history.alarm_history_items() {
            let summary = item.history_summary().unwrap_or_default();
            if !topics.iter().any(|t| summary.contains(t.as_str())) {
                continue;
            }
            if summary.starts_with("Successfully executed action") {
                return Ok(Some(summary.to_string()));
            }
            if summary.starts_with("Failed to execute action") {
                return Err(AwsError::invalid(
                    summary.to_string(),
                    "check the topic's policy lets CloudWatch publish".into(),
                ));
            }
        }
        if started.elapsed() >= waits.timeout {
            return Ok(None);
        }
        tokio::time::sleep(waits.every).await;
    }
}
