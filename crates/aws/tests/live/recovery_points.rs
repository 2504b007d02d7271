//! `backup-recency`: the database's latest recovery point against its plan's
//! schedule. moto 5.2.5 implements backup plans but not backup selections nor
//! recovery points (HTTP 404/500): the project's wrapper answers those three
//! calls here (scripts/moto/server.py, "answer" rules scoped by path).

use crate::common::faults::Faults;
use crate::common::seed;
use crate::common::*;
use serde_json::json;
use tfready_aws::{verify, Check, Status, VerifyTarget};

fn json_answer(body: serde_json::Value) -> serde_json::Value {
    json!({"status": 200, "content_type": "application/json", "body": body.to_string()})
}

/// A daily plan whose selection covers everything, and a database; the
/// database's recovery points are `ages_h` hours old. Returns its checks.
async fn recency(ages_h: &[u64]) -> Check {
    let account = fresh_account();
    let (aws, cfg) = connect(&account).await;
    let p = unique("rcv");
    let db = format!("{p}-db");
    seed::postgres(&cfg, &db, &[], false).await;
    let plan_id = seed::daily_backup_plan(&cfg, &p).await;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let points: Vec<_> = ages_h
        .iter()
        .enumerate()
        .map(|(i, h)| {
            json!({"RecoveryPointArn": format!("arn:aws:backup:{REGION}:{account}:recovery-point:{p}-{i}"),
                   "CreationDate": now - h * 3600, "Status": "COMPLETED"})
        })
        .collect();
    let mut faults = Faults::new(&endpoint());
    faults.add(json!({"service": "backup", "path": format!("/backup/plans/{plan_id}/selections/?$"), "error": "answer",
        "answer": json_answer(json!({"BackupSelectionsList": [{"SelectionId": "s1", "SelectionName": "all",
            "BackupPlanId": plan_id, "IamRoleArn": format!("arn:aws:iam::{account}:role/backup")}]}))}));
    faults.add(json!({"service": "backup", "path": format!("/backup/plans/{plan_id}/selections/s1$"), "error": "answer",
        "answer": json_answer(json!({"BackupPlanId": plan_id, "SelectionId": "s1", "BackupSelection": {
            "SelectionName": "all", "IamRoleArn": format!("arn:aws:iam::{account}:role/backup"), "Resources": ["*"]}}))}));
    faults.add(
        json!({"service": "backup", "path": format!("{db}/recovery-points/?$"), "error": "answer",
        "answer": json_answer(json!({"RecoveryPoints": points}))}),
    );
    let target = VerifyTarget {
        db_instance: Some(db),
        ..Default::default()
    };
    let checks = verify(&aws, &target).await;
    let backup = checks.iter().find(|c| c.id == "backup").unwrap();
    assert_eq!(backup.status, Status::Pass, "{backup:#?}");
    checks
        .into_iter()
        .find(|c| c.id == "backup-recency")
        .unwrap()
}

#[tokio::test]
async fn a_recovery_point_within_the_schedule_passes() {
    let c = recency(&[50, 2]).await;
    assert_eq!(c.status, Status::Pass, "{c:#?}");
    assert!(
        c.evidence[0].contains(
            "latest recovery point 2 h old; the schedule runs every 24 h (+1 h start window)"
        ),
        "{c:#?}"
    );
}

#[tokio::test]
async fn a_stale_recovery_point_fails() {
    let c = recency(&[72]).await;
    assert_eq!(c.status, Status::Fail, "{c:#?}");
    assert!(
        c.evidence[0].contains("backups are not happening"),
        "{c:#?}"
    );
}

#[tokio::test]
async fn no_recovery_point_fails() {
    let c = recency(&[]).await;
    assert_eq!(c.status, Status::Fail, "{c:#?}");
    assert!(
        c.evidence[0].contains("no completed recovery point yet"),
        "{c:#?}"
    );
}
