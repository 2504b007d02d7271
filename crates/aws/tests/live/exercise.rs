//! The checklist's "tested" lines against moto (scripts/with-moto.sh): the
//! app role's read of its secret (IAM's simulator), and `--exercise alarms`,
//! `scaling` and `restore`, each undone. Where moto 5.2.5 lacks a call, the
//! test says so and the project's wrapper answers it (an "answer" rule of
//! scripts/moto/server.py): iam:SimulatePrincipalPolicy and
//! cloudwatch:DescribeAlarmHistory are not implemented there, and
//! cloudwatch:SetAlarmState does not run the alarm's actions.

use crate::common::faults::Faults;
use crate::common::seed;
use crate::common::*;
use aws_config::SdkConfig;
use aws_sdk_autoscaling::types::LaunchTemplateSpecification;
use aws_sdk_cloudwatch::types::{ComparisonOperator, Statistic};
use serde_json::json;
use tfready_aws::{exercise, verify, Check, Exercise, Status, VerifyTarget};

fn check<'a>(checks: &'a [Check], id: &str) -> &'a Check {
    checks
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no check {id}"))
}

fn says(c: &Check, text: &str) -> bool {
    c.evidence.iter().any(|e| e.contains(text))
}

// ---------------------------------------------------------------- secrets

/// A rotating secret and an app role allowed GetSecretValue on `resource`
/// (`None`: the secret itself).
async fn secret_and_role(cfg: &SdkConfig, p: &str, resource: Option<&str>) -> (String, String) {
    let sm = aws_sdk_secretsmanager::Client::new(cfg);
    let arn = sm
        .create_secret()
        .name(format!("{p}/db"))
        .secret_string("{}")
        .send()
        .await
        .unwrap()
        .arn()
        .unwrap()
        .to_string();
    seed::rotate(cfg, &arn).await;
    let iam = aws_sdk_iam::Client::new(cfg);
    let role = format!("{p}-app");
    seed::ec2_role(cfg, &role).await;
    iam.put_role_policy()
        .role_name(&role)
        .policy_name("read")
        .policy_document(
            json!({"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
                "Resource": resource.unwrap_or(&arn)}]})
            .to_string(),
        )
        .send()
        .await
        .unwrap();
    (arn, role)
}

async fn db_secret(aws: &tfready_aws::Aws, secret: &str, role: &str) -> Check {
    let target = VerifyTarget {
        db_secret: Some(secret.to_string()),
        app_role: Some(role.to_string()),
        ..Default::default()
    };
    check(&verify(aws, &target).await, "db-secret").clone()
}

#[tokio::test]
async fn a_role_that_reads_only_its_secret_passes() {
    let account = fresh_account();
    let (aws, cfg) = connect(&account).await;
    let (arn, role) = secret_and_role(&cfg, &unique("sec"), None).await;
    let c = db_secret(&aws, &arn, &role).await;
    assert_eq!(c.status, Status::Pass, "{:?}", c.evidence);
    // moto 5.2.5 has no policy simulator: the role's policies are read instead.
    assert!(
        says(&c, "iam:SimulatePrincipalPolicy is not available"),
        "{:?}",
        c.evidence
    );
}

#[tokio::test]
async fn a_role_that_may_read_every_secret_fails() {
    let account = fresh_account();
    let (aws, cfg) = connect(&account).await;
    let (arn, role) = secret_and_role(&cfg, &unique("sec"), Some("*")).await;
    let c = db_secret(&aws, &arn, &role).await;
    assert_eq!(c.status, Status::Fail, "{:?}", c.evidence);
    assert!(says(&c, "may read other secrets too"), "{:?}", c.evidence);
}

/// IAM's answer to SimulatePrincipalPolicy for the secret and for the
/// secret verify asks about as "not the app's".
fn simulated(own: (&str, &str), other: (&str, &str)) -> serde_json::Value {
    let member = |(arn, decision): (&str, &str)| {
        format!("<member><EvalActionName>secretsmanager:GetSecretValue</EvalActionName><EvalResourceName>{arn}</EvalResourceName><EvalDecision>{decision}</EvalDecision></member>")
    };
    json!({
        "status": 200,
        "content_type": "text/xml",
        "body": format!(
            "<SimulatePrincipalPolicyResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><SimulatePrincipalPolicyResult><IsTruncated>false</IsTruncated><EvaluationResults>{}{}</EvaluationResults></SimulatePrincipalPolicyResult><ResponseMetadata><RequestId>tfready</RequestId></ResponseMetadata></SimulatePrincipalPolicyResponse>",
            member(own),
            member(other)
        )
    })
}

#[tokio::test]
async fn the_policy_simulator_decides_where_the_endpoint_has_one() {
    let account = fresh_account();
    let (aws, cfg) = connect(&account).await;
    let p = unique("sim");
    let (arn, role) = secret_and_role(&cfg, &p, None).await;
    let other = format!(
        "{}:secret:tfready-verify-other-secret",
        &arn[..arn.find(":secret:").unwrap()]
    );
    let mut faults = Faults::new(&endpoint());
    let rule = |answer| json!({"service": "iam", "action": "SimulatePrincipalPolicy", "resource": role, "error": "answer", "answer": answer});
    let id = faults.add(rule(simulated((&arn, "allowed"), (&other, "implicitDeny"))));
    let c = db_secret(&aws, &arn, &role).await;
    assert_eq!(c.status, Status::Pass, "{:?}", c.evidence);
    assert!(
        says(&c, "iam:SimulatePrincipalPolicy for role"),
        "{:?}",
        c.evidence
    );
    assert_eq!(faults.hits(id), 1);
    faults.clear();
    faults.add(rule(simulated((&arn, "allowed"), (&other, "allowed"))));
    let c = db_secret(&aws, &arn, &role).await;
    assert_eq!(c.status, Status::Fail, "{:?}", c.evidence);
    assert!(says(&c, "may read other secrets too"), "{:?}", c.evidence);
}

// ---------------------------------------------------------------- alarms

/// An alarm notifying a topic with a subscriber; (alarm name, topic ARN).
async fn alarm(cfg: &SdkConfig, p: &str) -> (String, String) {
    let sns = aws_sdk_sns::Client::new(cfg);
    let topic = sns
        .create_topic()
        .name(format!("{p}-alerts"))
        .send()
        .await
        .unwrap()
        .topic_arn()
        .unwrap()
        .to_string();
    sns.subscribe()
        .topic_arn(&topic)
        .protocol("email")
        .endpoint("oncall@example.org")
        .send()
        .await
        .unwrap();
    let name = format!("{p}-cpu");
    aws_sdk_cloudwatch::Client::new(cfg)
        .put_metric_alarm()
        .alarm_name(&name)
        .namespace("AWS/EC2")
        .metric_name("CPUUtilization")
        .statistic(Statistic::Average)
        .period(300)
        .evaluation_periods(2)
        .threshold(80.0)
        .comparison_operator(ComparisonOperator::GreaterThanThreshold)
        .alarm_actions(&topic)
        .send()
        .await
        .unwrap();
    (name, topic)
}

async fn state_of(cfg: &SdkConfig, alarm: &str) -> String {
    aws_sdk_cloudwatch::Client::new(cfg)
        .describe_alarms()
        .alarm_names(alarm)
        .send()
        .await
        .unwrap()
        .metric_alarms()[0]
        .state_value()
        .unwrap()
        .as_str()
        .to_string()
}

fn history(alarm: &str, summary: Option<String>) -> serde_json::Value {
    let items: Vec<serde_json::Value> = summary
        .into_iter()
        .map(|s| {
            json!({"AlarmName": alarm, "AlarmType": "MetricAlarm", "HistoryItemType": "Action",
                   "Timestamp": tfready_model_now(), "HistorySummary": s})
        })
        .collect();
    json!({"status": 200, "content_type": "application/x-amz-json-1.0",
           "body": json!({"AlarmHistoryItems": items}).to_string()})
}

fn tfready_model_now() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
}

#[tokio::test]
async fn alarms_notify_and_are_set_back() {
    let account = fresh_account();
    let (aws, cfg) = connect(&account).await;
    let p = unique("alm");
    let (name, topic) = alarm(&cfg, &p).await;
    let before = state_of(&cfg, &name).await;
    let target = VerifyTarget {
        alarm_prefix: Some(p.clone()),
        exercise_timeout_secs: Some(1),
        ..Default::default()
    };
    // moto's SetAlarmState runs no action and it has no DescribeAlarmHistory:
    // the wrapper answers with the history AWS writes after a notification.
    let mut faults = Faults::new(&endpoint());
    let id = faults.add(json!({"service": "monitoring", "action": "DescribeAlarmHistory", "resource": name,
        "error": "answer", "answer": history(&name, Some(format!("Successfully executed action {topic}")))}));
    let checks = exercise(&aws, &target, &[Exercise::Alarms]).await;
    let c = check(&checks, "exercise-alarms");
    assert_eq!(c.status, Status::Pass, "{:?}", c.evidence);
    assert!(
        says(c, &format!("{name}: ALARM notified {topic}")),
        "{:?}",
        c.evidence
    );
    assert!(faults.hits(id) >= 1);
    assert_eq!(
        state_of(&cfg, &name).await,
        before,
        "the alarm was not set back"
    );

    // No notification in the history: FAIL, and the state is still restored.
    faults.clear();
    faults.add(
        json!({"service": "monitoring", "action": "DescribeAlarmHistory", "resource": name,
        "error": "answer", "answer": history(&name, None)}),
    );
    let checks = exercise(&aws, &target, &[Exercise::Alarms]).await;
    let c = check(&checks, "exercise-alarms");
    assert_eq!(c.status, Status::Fail, "{:?}", c.evidence);
    assert!(says(c, "shows no notification"), "{:?}", c.evidence);
    assert_eq!(state_of(&cfg, &name).await, before);
}

#[tokio::test]
async fn an_alarm_history_that_cannot_be_read_fails_and_still_restores() {
    let account = fresh_account();
    let (aws, cfg) = connect(&account).await;
    let p = unique("alm");
    let (name, _) = alarm(&cfg, &p).await;
    let target = VerifyTarget {
        alarm_prefix: Some(p.clone()),
        ..Default::default()
    };
    // moto 5.2.5 does not implement DescribeAlarmHistory (HTTP 500).
    let checks = exercise(&aws, &target, &[Exercise::Alarms]).await;
    let c = check(&checks, "exercise-alarms");
    assert_eq!(c.status, Status::Fail, "{:?}", c.evidence);
    assert!(says(c, "could not be confirmed"), "{:?}", c.evidence);
    assert_eq!(state_of(&cfg, &name).await, "OK");
}

#[tokio::test]
async fn an_alarm_topic_without_subscribers_fails_the_read_only_check() {
    let account = fresh_account();
    let (aws, cfg) = connect(&account).await;
    let p = unique("alm");
    let sns = aws_sdk_sns::Client::new(&cfg);
    let topic = sns
        .create_topic()
        .name(format!("{p}-nobody"))
        .send()
        .await
        .unwrap();
    aws_sdk_cloudwatch::Client::new(&cfg)
        .put_metric_alarm()
        .alarm_name(format!("{p}-cpu"))
        .namespace("AWS/EC2")
        .metric_name("CPUUtilization")
        .statistic(Statistic::Average)
        .period(300)
        .evaluation_periods(1)
        .threshold(80.0)
        .comparison_operator(ComparisonOperator::GreaterThanThreshold)
        .alarm_actions(topic.topic_arn().unwrap())
        .send()
        .await
        .unwrap();
    let target = VerifyTarget {
        alarm_prefix: Some(p),
        ..Default::default()
    };
    let checks = verify(&aws, &target).await;
    assert_eq!(check(&checks, "alarm-subscriptions").status, Status::Fail);
}

// ---------------------------------------------------------------- scaling

async fn group(cfg: &SdkConfig, p: &str, desired: i32, max: i32) -> String {
    let lt = format!("{p}-lt");
    seed::launch_template(cfg, &lt, None).await;
    let name = format!("{p}-asg");
    aws_sdk_autoscaling::Client::new(cfg)
        .create_auto_scaling_group()
        .auto_scaling_group_name(&name)
        .launch_template(
            LaunchTemplateSpecification::builder()
                .launch_template_name(&lt)
                .version("$Latest")
                .build(),
        )
        .min_size(1)
        .max_size(max)
        .desired_capacity(desired)
        .availability_zones(format!("{REGION}a"))
        .send()
        .await
        .unwrap();
    name
}

async fn desired_of(cfg: &SdkConfig, name: &str) -> i32 {
    aws_sdk_autoscaling::Client::new(cfg)
        .describe_auto_scaling_groups()
        .auto_scaling_group_names(name)
        .send()
        .await
        .unwrap()
        .auto_scaling_groups()[0]
        .desired_capacity()
        .unwrap()
}

#[tokio::test]
async fn the_group_scales_up_and_back_down() {
    let account = fresh_account();
    let (aws, cfg) = connect(&account).await;
    let name = group(&cfg, &unique("scl"), 1, 3).await;
    let target = VerifyTarget {
        autoscaling_group: Some(name.clone()),
        ..Default::default()
    };
    let checks = exercise(&aws, &target, &[Exercise::Scaling]).await;
    let c = check(&checks, "exercise-scaling");
    assert_eq!(c.status, Status::Pass, "{:?}", c.evidence);
    assert!(says(c, "scaled up 1 → 2: in service"), "{:?}", c.evidence);
    assert!(says(c, "scaled back down to 1"), "{:?}", c.evidence);
    assert_eq!(desired_of(&cfg, &name).await, 1);
}

#[tokio::test]
async fn a_group_at_its_maximum_cannot_show_it_scales() {
    let account = fresh_account();
    let (aws, cfg) = connect(&account).await;
    let name = group(&cfg, &unique("scl"), 2, 2).await;
    let target = VerifyTarget {
        autoscaling_group: Some(name.clone()),
        ..Default::default()
    };
    let checks = exercise(&aws, &target, &[Exercise::Scaling]).await;
    let c = check(&checks, "exercise-scaling");
    assert_eq!(c.status, Status::Fail, "{:?}", c.evidence);
    assert!(says(c, "runs at its maximum"), "{:?}", c.evidence);
    assert_eq!(desired_of(&cfg, &name).await, 2);
}

// ---------------------------------------------------------------- restore

async fn database(cfg: &SdkConfig, id: &str, tags: &[(&str, &str)]) {
    seed::postgres(cfg, id, tags, false).await;
}

async fn databases(cfg: &SdkConfig) -> Vec<String> {
    aws_sdk_rds::Client::new(cfg)
        .describe_db_instances()
        .send()
        .await
        .unwrap()
        .db_instances()
        .iter()
        .filter_map(|d| d.db_instance_identifier().map(str::to_string))
        .collect()
}

#[tokio::test]
async fn the_database_restores_and_the_copy_is_deleted() {
    let account = fresh_account();
    let (aws, cfg) = connect(&account).await;
    let p = unique("rst");
    let db = format!("{p}-db");
    database(&cfg, &db, &[]).await;
    // What an interrupted run leaves behind: a copy carrying the tag.
    let left = format!("tfready-restore-{p}");
    database(&cfg, &left, &[("tfready:exercise", "restore")]).await;
    let target = VerifyTarget {
        db_instance: Some(db.clone()),
        ..Default::default()
    };
    let checks = exercise(&aws, &target, &[Exercise::Restore]).await;
    let c = check(&checks, "exercise-restore");
    assert_eq!(c.status, Status::Pass, "{:?}", c.evidence);
    assert!(
        says(
            c,
            &format!("deleted {left}, left by an earlier interrupted run")
        ),
        "{:?}",
        c.evidence
    );
    assert!(
        says(c, "(measured RTO)") && says(c, "old (RPO)"),
        "{:?}",
        c.evidence
    );
    assert_eq!(
        databases(&cfg).await,
        vec![db],
        "a temporary instance was left"
    );
}
