//! Pricers: RDS instances and Aurora cluster instances.

use super::*;

/// vCPUs of an RDS (or EC2) class by its size: micro to large have 2, xlarge 4, Nxlarge 4N.
pub fn vcpus_of_class(class: &str) -> Option<f64> {
    let size = class.rsplit('.').next()?;
    match size {
        "micro" | "small" | "medium" | "large" => Some(2.0),
        "xlarge" => Some(4.0),
        _ => size
            .strip_suffix("xlarge")
            .and_then(|n| n.parse::<f64>().ok())
            .map(|n| n * 4.0),
    }
}

pub(super) fn db_instance(
    est: &mut Estimator<'_>,
    r: &ResourceRef<'_>,
    draft: &mut Draft,
    copies: f64,
) {
    let body = r.body();
    let replica = r.attr("replicate_source_db").is_some();
    // A read replica inherits engine and storage from its source: a sibling resource, else a
    // database priced earlier (the current stack, when a phase's module adds the replica).
    let source: Option<DbFacts> = if replica {
        let by_ref = refs(r, "replicate_source_db", "aws_db_instance")
            .first()
            .and_then(|name| sibling(r, "aws_db_instance", name))
            .map(|s| {
                let b = s.body();
                DbFacts {
                    identifier: None,
                    address: s.address(),
                    engine: string(&b, "engine").known().unwrap_or_default(),
                    storage_gb: num(&b, "allocated_storage").known(),
                    storage_type: string(&b, "storage_type").known(),
                }
            });
        by_ref.or_else(|| {
            let wanted = string(&body, "replicate_source_db").known();
            let named = wanted.as_ref().and_then(|w| {
                est.databases.iter().find(|db| {
                    db.identifier
                        .as_ref()
                        .is_some_and(|id| w == id || w.ends_with(&format!(":{id}")))
                })
            });
            match (named, est.databases.as_slice()) {
                (Some(db), _) => Some(db.clone()),
                (None, [only]) => {
                    draft.assume(format!(
                        "read replica of {} (the only database priced before it)",
                        only.address
                    ));
                    Some(only.clone())
                }
                _ => None,
            }
        })
    } else {
        None
    };
    let engine = match string(&body, "engine") {
        Setting::Set(e) => Some(e),
        Setting::Unset => match source.as_ref().filter(|s| !s.engine.is_empty()) {
            Some(src) => {
                draft.assume(format!("read replica: engine {} of its source", src.engine));
                Some(src.engine.clone())
            }
            None => {
                draft.unknown("engine is not set".into());
                None
            }
        },
        Setting::Unknown(src) => {
            draft.unknown(format!("engine `{src}` is known only at apply"));
            None
        }
    };
    let multi_az = match boolean(&body, "multi_az") {
        Setting::Set(m) => m,
        Setting::Unset => false,
        Setting::Unknown(src) => {
            draft.assume(format!(
                "multi_az `{src}` is known only at apply: priced as Single-AZ"
            ));
            false
        }
    };
    let az = if multi_az { "multi-az" } else { "single-az" };
    let az_label = if multi_az { "Multi-AZ" } else { "Single-AZ" };
    if multi_az {
        draft.assume("Multi-AZ: a standby in another zone doubles the instance and storage price");
    }
    let class = string(&body, "instance_class");
    if let Some(engine) = &engine {
        match &class {
            Setting::Set(class) => est.charge(
                draft,
                &format!("rds.instance.{engine}.{class}.{az}"),
                format!("{class} {engine} {az_label}"),
                copies * 730.0,
                Some(times(copies, "730 h".to_string())),
                None,
            ),
            Setting::Unset => draft.unknown("instance_class is not set".into()),
            Setting::Unknown(src) => {
                draft.unknown(format!("instance_class `{src}` is known only at apply"))
            }
        }
    }
    let inherited = source
        .as_ref()
        .filter(|_| r.attr("allocated_storage").is_none());
    let storage_type = match string(&body, "storage_type") {
        Setting::Set(t) => Some(t),
        Setting::Unset => match inherited.and_then(|s| s.storage_type.clone()) {
            Some(t) => Some(t),
            None => {
                let t = if r.attr("iops").is_some() {
                    "io1"
                } else {
                    "gp2"
                };
                draft.assume(format!(
                    "storage_type not set: {t} (the provider's default)"
                ));
                Some(t.to_string())
            }
        },
        Setting::Unknown(src) => {
            draft.unknown(format!("storage_type `{src}` is known only at apply"));
            None
        }
    };
    let storage = match num(&body, "allocated_storage") {
        Setting::Set(gb) => Setting::Set(gb),
        Setting::Unset => match inherited.and_then(|s| s.storage_gb) {
            Some(gb) => {
                draft.assume(format!(
                    "read replica: storage of its source, {} GB",
                    number(gb)
                ));
                Setting::Set(gb)
            }
            None => Setting::Unset,
        },
        other => other,
    };
    match storage {
        Setting::Set(gb) => {
            if let Some(t) = &storage_type {
                est.charge(
                    draft,
                    &format!("rds.storage.{t}.{az}"),
                    format!("{t} storage {az_label}"),
                    gb * copies,
                    Some(times(copies, format!("{} GB", number(gb)))),
                    None,
                );
            }
            if r.attr("max_allocated_storage").is_some() {
                draft.assume(format!(
                    "storage autoscaling may grow it beyond {} GB: priced at the allocated size",
                    number(gb)
                ));
            }
        }
        Setting::Unset => draft.unknown("allocated_storage is not set".into()),
        Setting::Unknown(src) => {
            draft.unknown(format!("allocated_storage `{src}` is known only at apply"))
        }
    }
    if let Some(engine) = &engine {
        if engine.starts_with("aurora") {
            est.saw_aurora = true;
        }
        est.databases.push(DbFacts {
            identifier: string(&body, "identifier").known(),
            address: draft.address.clone(),
            engine: engine.clone(),
            storage_gb: num(&body, "allocated_storage").known(),
            storage_type: storage_type.clone(),
        });
    }
    let backup = est.usage(draft, "backup_storage_gb");
    if backup.value > 0.0 {
        est.charge(
            draft,
            "rds.backup-storage",
            "backup storage beyond the free allowance",
            backup.value * copies,
            None,
            Some(backup),
        );
    } else {
        draft.assume("automated backups within the free allowance (100% of provisioned storage)");
    }
    // Performance Insights
    if matches!(
        boolean(&body, "performance_insights_enabled"),
        Setting::Set(true)
    ) {
        let retention = num(&body, "performance_insights_retention_period")
            .known()
            .unwrap_or(7.0);
        if retention <= 7.0 {
            draft.assume("Performance Insights with 7-day retention: free tier");
            est.charge(
                draft,
                "rds.performance-insights.free-tier",
                "Performance Insights (7 days)",
                0.0,
                Some("free tier".to_string()),
                None,
            );
        } else if let Setting::Set(class) = &class {
            match vcpus_of_class(class) {
                Some(vcpus) => {
                    let az_copies = if multi_az { 2.0 } else { 1.0 };
                    let months = (retention / 31.0).round().max(1.0);
                    let billed = vcpus * az_copies * copies;
                    est.charge(
                        draft,
                        "rds.performance-insights.retention.first-month",
                        "Performance Insights long-term retention, first month",
                        billed,
                        Some(format!(
                            "{} vCPU{}",
                            number(billed),
                            if multi_az { " (both instances)" } else { "" }
                        )),
                        None,
                    );
                    if months > 1.0 {
                        est.charge(
                            draft,
                            "rds.performance-insights.retention.additional-month",
                            format!(
                                "Performance Insights retention, {} more months",
                                number(months - 1.0)
                            ),
                            billed * (months - 1.0),
                            Some(format!(
                                "{} vCPU × {} months",
                                number(billed),
                                number(months - 1.0)
                            )),
                            None,
                        );
                    }
                }
                None => draft.unknown(format!("vCPUs of {class} are not known to tfready")),
            }
        }
    }
    // Enhanced Monitoring: OS metrics into CloudWatch Logs (RDSOSMetrics, 30-day retention).
    if let Setting::Set(interval) = num(&body, "monitoring_interval") {
        if interval > 0.0 {
            let per60 = est.usage(draft, "enhanced_monitoring_gb_at_60s");
            let gb = per60.value * 60.0 / interval * copies;
            est.charge(
                draft,
                "cloudwatch.logs.ingestion",
                format!(
                    "Enhanced Monitoring every {} s, logs ingested",
                    number(interval)
                ),
                gb,
                Some(format!(
                    "{} GB × 60/{} s{}",
                    number(per60.value),
                    number(interval),
                    if copies == 1.0 {
                        String::new()
                    } else {
                        format!(" × {}", number(copies))
                    }
                )),
                Some(per60),
            );
            est.charge(
                draft,
                "cloudwatch.logs.storage",
                "Enhanced Monitoring logs stored (RDSOSMetrics, 30-day retention)",
                gb,
                None,
                None,
            );
        }
    }
}

/// An Aurora instance: its class's hours for its engine. The cluster's
/// storage and I/O are billed by use, on the cluster.
pub(super) fn cluster_instance(
    est: &mut Estimator<'_>,
    r: &ResourceRef<'_>,
    draft: &mut Draft,
    copies: f64,
) {
    let body = r.body();
    let engine = match string(&body, "engine") {
        Setting::Set(e) => e,
        Setting::Unset => "aurora-mysql".to_string(),
        Setting::Unknown(src) => {
            draft.unknown(format!("engine `{src}` is known only at apply"));
            return;
        }
    };
    match string(&body, "instance_class") {
        Setting::Set(class) if class == "db.serverless" => {
            draft.unknown("Aurora Serverless v2 is billed per ACU-hour used: not priced".into())
        }
        Setting::Set(class) => est.charge(
            draft,
            &format!("rds.instance.{engine}.{class}.single-az"),
            format!("{class} {engine}"),
            copies * 730.0,
            Some(times(copies, "730 h".to_string())),
            None,
        ),
        Setting::Unset => draft.unknown("instance_class is not set".into()),
        Setting::Unknown(src) => {
            draft.unknown(format!("instance_class `{src}` is known only at apply"))
        }
    }
}
