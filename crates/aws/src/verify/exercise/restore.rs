//! `--exercise restore`: the database's latest snapshot is restored to a
//! temporary instance in the same subnets and security groups, which must
//! become available; it is then deleted. The time it took is the measured
//! recovery time (RTO), the snapshot's age the recovery point (RPO).
//! Instances left by an interrupted run carry [`super::TAG`] and are deleted
//! first.

use std::time::Instant;

use aws_sdk_rds::types::Tag;

use super::{epoch_secs, Step, Undo, Waits, TAG};
use crate::client::Aws;
use crate::error::AwsError;
use crate::verify::{skip, Outcome, Status, VerifyTarget};

pub(super) async fn delete(aws: &Aws, id: &str) -> Result<(), AwsError> {
    let rds = aws_sdk_rds::Client::new(&aws.config);
    match rds
        .delete_db_instance()
        .db_instance_identifier(id)
        .skip_final_snapshot(true)
        .delete_automated_backups(true)
        .send()
        .await
    {
        Ok(_) => Ok(()),
        Err(e)
            if e.as_service_error()
                .is_some_and(|s| s.is_db_instance_not_found_fault()) =>
        {
            Ok(())
        }
        Err(e) => Err(aws
            .ctx
            .error("rds:DeleteDBInstance", &format!("database {id}"), &e)),
    }
}

/// Deletes instances an earlier run left behind; their ids.
async fn sweep(aws: &Aws) -> Result<Vec<String>, AwsError> {
    let rds = aws_sdk_rds::Client::new(&aws.config);
    let mut left = Vec::new();
    let mut marker = None;
    loop {
        let page = rds
            .describe_db_instances()
            .set_marker(marker)
            .send()
            .await
            .map_err(|e| {
                aws.ctx
                    .error("rds:DescribeDBInstances", "the databases", &e)
            })?;
        for d in page.db_instances() {
            let ours = d
                .tag_list()
                .iter()
                .any(|t| t.key() == Some(TAG.0) && t.value() == Some(TAG.1));
            if let (true, Some(id)) = (ours, d.db_instance_identifier()) {
                left.push(id.to_string());
            }
        }
        marker = page.marker().map(str::to_string);
        if marker.is_none() {
            break;
        }
    }
    for id in &left {
        delete(aws, id).await?;
    }
    Ok(left)
}

pub(super) async fn run(aws: &Aws, target: &VerifyTarget, undo: &Undo, waits: Waits) -> Outcome {
    let mut evidence = Vec::new();
    for id in sweep(aws).await? {
        evidence.push(format!(
            "deleted {id}, left by an earlier interrupted run (tag {}={})",
            TAG.0, TAG.1
        ));
    }
    let Some(source) = target.db_instance.as_deref() else {
        return skip("no database given (the stack's aws_db_instance identifier)");
    };
    let rds = aws_sdk_rds::Client::new(&aws.config);
    let what = format!("database {source}");
    let db = rds
        .describe_db_instances()
        .db_instance_identifier(source)
        .send()
        .await
        .map_err(|e| aws.ctx.error("rds:DescribeDBInstances", &what, &e))?;
    let Some(db) = db.db_instances().first() else {
        return Ok((
            Status::Fail,
            vec![format!("no database {source} in {}", aws.region)],
        ));
    };
    let snapshots = rds
        .describe_db_snapshots()
        .db_instance_identifier(source)
        .send()
        .await
        .map_err(|e| aws.ctx.error("rds:DescribeDBSnapshots", &what, &e))?;
    let latest = snapshots
        .db_snapshots()
        .iter()
        .filter(|s| s.status() == Some("available"))
        .max_by_key(|s| s.snapshot_create_time().map_or(0, |t| t.secs()));
    let Some(snap) = latest else {
        evidence.push(format!(
            "{source} has no available snapshot to restore from"
        ));
        return Ok((Status::Fail, evidence));
    };
    let snap_id = snap
        .db_snapshot_identifier()
        .unwrap_or_default()
        .to_string();
    let taken = snap.snapshot_create_time().map_or(0, |t| t.secs());
    let id = format!("tfready-restore-{}", epoch_secs());
    undo.push(Step::DeleteDb { id: id.clone() });
    let started = Instant::now();
    rds.restore_db_instance_from_db_snapshot()
        .db_instance_identifier(&id)
        .db_snapshot_identifier(&snap_id)
        .set_db_instance_class(db.db_instance_class().map(str::to_string))
        .set_db_subnet_group_name(
            db.db_subnet_group()
                .and_then(|g| g.db_subnet_group_name())
                .map(str::to_string),
        )
        .set_vpc_security_group_ids(Some(
            db.vpc_security_groups()
                .iter()
                .filter_map(|g| g.vpc_security_group_id().map(str::to_string))
                .collect(),
        ))
        .publicly_accessible(false)
        .multi_az(false)
        .deletion_protection(false)
        .tags(Tag::builder().key(TAG.0).value(TAG.1).build())
        .tags(Tag::builder().key("tfready:source").value(source).build())
        .send()
        .await
        .map_err(|e| {
            aws.ctx.error(
                "rds:RestoreDBInstanceFromDBSnapshot",
                &format!("snapshot {snap_id}"),
                &e,
            )
        })?;
    let available = wait_available(aws, &id, waits).await;
    let rto = started.elapsed().as_secs();
    let deleted = delete(aws, &id).await;
    if deleted.is_ok() {
        undo.done();
    }
    let rpo = (epoch_secs() as i64 - taken).max(0);
    let ok = match available? {
        true => {
            evidence.push(format!(
                "restored snapshot {snap_id} to {id}: available after {rto} s (measured RTO); the snapshot was {} old (RPO)",
                age(rpo)
            ));
            true
        }
        false => {
            evidence.push(format!(
                "restored snapshot {snap_id} to {id}: not available within {} s",
                waits.timeout.as_secs()
            ));
            false
        }
    };
    match deleted {
        Ok(()) => evidence.push(format!("deleted {id}")),
        Err(e) => {
            evidence.push(format!(
                "could not delete {id} (tagged {}={}; the next run deletes it): {e}",
                TAG.0, TAG.1
            ));
            return Ok((Status::Fail, evidence));
        }
    }
    Ok((if ok { Status::Pass } else { Status::Fail }, evidence))
}

async fn wait_available(aws: &Aws, id: &str, waits: Waits) -> Result<bool, AwsError> {
    let rds = aws_sdk_rds::Client::new(&aws.config);
    let started = Instant::now();
    loop {
        let out = rds
            .describe_db_instances()
            .db_instance_identifier(id)
            .send()
            .await
            .map_err(|e| {
                aws.ctx
                    .error("rds:DescribeDBInstances", &format!("database {id}"), &e)
            })?;
        if out
            .db_instances()
            .first()
            .and_then(|d| d.db_instance_status())
            == Some("available")
        {
            return Ok(true);
        }
        if started.elapsed() >= waits.timeout {
            return Ok(false);
        }
        tokio::time::sleep(waits.every).await;
    }
}

fn age(secs: i64) -> String {
    match secs {
        s if s < 3600 => format!("{} min", s / 60),
        s if s < 2 * 86_400 => format!("{} h", s / 3600),
        s => format!("{} days", s / 86_400),
    }
}
