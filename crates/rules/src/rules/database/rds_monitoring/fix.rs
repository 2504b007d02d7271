use crate::fixing::prelude::*;

pub(crate) static FIXER: Fixer = Fixer {
    id: "rds_monitoring",
    title: "RDS Performance Insights, enhanced monitoring, log exports",
    phase: Phase::Two,
    order: 160,
    needs: &[],
    also_when: &[],
    run: rds_monitoring,
};

pub(crate) fn rds_monitoring(cx: &mut FixCx<'_>) {
    let Some(db) = cx
        .project
        .resources_of("aws_db_instance")
        .find(|d| d.attr("replicate_source_db").is_none())
    else {
        return aurora(cx);
    };
    let Some(id) = cx.expose(&db, "identifier", false) else {
        return missing(
            cx,
            "rds_monitoring",
            "the database's identifier (its module is not called from the root)",
        );
    };
    let mut inputs = base_inputs(cx, true);
    inputs.push(("db_instance_identifier", id.expr));
    if !add_module(cx, inputs) {
        return;
    }
    // The database itself.
    let engine = db
        .eval("engine")
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    // The logs each engine can export; none for an engine not known offline.
    let exports = if engine.contains("mysql") || engine.contains("mariadb") {
        Some("[\"error\", \"general\", \"slowquery\"]")
    } else if engine.contains("postgres") {
        Some("[\"postgresql\", \"upgrade\"]")
    } else if engine.starts_with("sqlserver") {
        Some("[\"agent\", \"error\"]")
    } else if engine.starts_with("oracle") {
        Some("[\"alert\", \"audit\", \"listener\", \"trace\"]")
    } else {
        None
    };
    let in_root = db.module().dir.is_empty();
    // Performance Insights data under the stack's own key, when the
    // monitoring module has one: a key can be chosen only when Performance
    // Insights is first switched on, which is what this fix does.
    let pi_was_on = db
        .eval("performance_insights_enabled")
        .is_some_and(|v| v.as_bool() == Some(true));
    let monitoring_key = !pi_was_on
        && db.attr("performance_insights_kms_key_id").is_none()
        && root_calls(cx, "monitoring");
    let key = if in_root {
        cx.module_ref("monitoring", "kms_key_arn")
    } else {
        "var.performance_insights_kms_key_id".to_string()
    };
    let role = if in_root {
        cx.module_ref("rds_monitoring", "monitoring_role_arn")
    } else {
        "var.monitoring_role_arn".to_string()
    };
    let changed = cx
        .edit_resource(&db, |b| {
            let mut c = set_attr(&mut b.body, "performance_insights_enabled", "true", "  ");
            c |= set_attr(&mut b.body, "monitoring_interval", "60", "  ");
            c |= set_attr(&mut b.body, "monitoring_role_arn", &role, "  ");
            if let Some(exports) = exports {
                c |= set_attr(
                    &mut b.body,
                    "enabled_cloudwatch_logs_exports",
                    exports,
                    "  ",
                );
            }
            c |= set_attr(
                &mut b.body,
                "iam_database_authentication_enabled",
                "true",
                "  ",
            );
            c |= set_attr(&mut b.body, "copy_tags_to_snapshot", "true", "  ");
            if monitoring_key {
                c |= set_attr(&mut b.body, "performance_insights_kms_key_id", &key, "  ");
            }
            c
        })
        .unwrap_or(false);
    if changed {
        cx.done.push(format!(
            "{}: {} has Performance Insights, enhanced monitoring and log exports",
            cx.file_of(&db),
            db.address()
        ));
    }
    if !in_root {
        let dir = db.module().dir.clone();
        cx.add_module_variable(
            &dir,
            "monitoring_role_arn",
            "IAM role RDS enhanced monitoring publishes with",
            Some("null"),
        );
        cx.set_call_inputs(
            db.instance.module,
            &[(
                "monitoring_role_arn",
                cx.module_ref("rds_monitoring", "monitoring_role_arn"),
            )],
        );
        if monitoring_key {
            cx.add_module_variable(
                &dir,
                "performance_insights_kms_key_id",
                "KMS key for Performance Insights data (null: the AWS managed aws/rds key)",
                Some("null"),
            );
            cx.set_call_inputs(
                db.instance.module,
                &[(
                    "performance_insights_kms_key_id",
                    cx.module_ref("monitoring", "kms_key_arn"),
                )],
            );
        }
    }
    query_logging(cx, &db);
}

/// Adds the module (tagged like the stack); whether the root calls it.
fn add_module(cx: &mut FixCx<'_>, inputs: Vec<(&'static str, String)>) -> bool {
    let inputs = with_tags(cx, inputs);
    cx.add_module(
        "rds_monitoring",
        "RDS enhanced monitoring role and log groups",
        None,
        &inputs,
    );
    cx.ours("rds_monitoring")
}

/// The logs an Aurora engine can export.
fn aurora_exports(engine: &str) -> Option<&'static str> {
    if engine.contains("mysql") {
        Some("[\"audit\", \"error\", \"general\", \"slowquery\"]")
    } else if engine.contains("postgres") {
        Some("[\"postgresql\"]")
    } else {
        None
    }
}

/// Aurora: log exports on the cluster, Performance Insights and enhanced
/// monitoring on its instances (root-level resources; others are named in
/// the next steps), the monitoring role and log groups from the module.
fn aurora(cx: &mut FixCx<'_>) {
    let Some(cluster) = cx.project.resources_of("aws_rds_cluster").next() else {
        return;
    };
    if !cluster.module().dir.is_empty() {
        cx.next_steps.push(format!(
            "{}: turn on Performance Insights, enhanced monitoring and log exports in its module",
            cluster.address()
        ));
        return;
    }
    let engine = cluster
        .eval("engine")
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    let exports = aurora_exports(&engine);
    let mut inputs = base_inputs(cx, true);
    inputs.push((
        "cluster_identifier",
        format!("{}.cluster_identifier", cluster.address()),
    ));
    if let Some(e) = exports {
        inputs.push(("enabled_cloudwatch_logs_exports", e.to_string()));
    }
    if !add_module(cx, inputs) {
        return;
    }
    if let Some(e) = exports {
        let changed = cx
            .edit_resource(&cluster, |b| {
                set_attr(&mut b.body, "enabled_cloudwatch_logs_exports", e, "  ")
            })
            .unwrap_or(false);
        if changed {
            cx.done.push(format!(
                "{}: {} exports its logs",
                cx.file_of(&cluster),
                cluster.address()
            ));
        }
    }
    let role = cx.module_ref("rds_monitoring", "monitoring_role_arn");
    let instances: Vec<_> = cx
        .project
        .resources_of("aws_rds_cluster_instance")
        .filter(|i| i.module().dir.is_empty())
        .collect();
    for i in instances {
        let changed = cx
            .edit_resource(&i, |b| {
                let mut c = set_attr(&mut b.body, "performance_insights_enabled", "true", "  ");
                c |= set_attr(&mut b.body, "monitoring_interval", "60", "  ");
                c |= set_attr(&mut b.body, "monitoring_role_arn", &role, "  ");
                c
            })
            .unwrap_or(false);
        if changed {
            cx.done.push(format!(
                "{}: {} has Performance Insights and enhanced monitoring",
                cx.file_of(&i),
                i.address()
            ));
        }
    }
}

/// Slow statements and schema changes go to the database log (which the
/// exports above send to CloudWatch Logs), and clients must use TLS,
/// through a parameter group of the instance's own, next to it.
fn query_logging(cx: &mut FixCx<'_>, db: &tfready_model::ResourceRef<'_>) {
    if db.attr("parameter_group_name").is_some() {
        return cx.next_steps.push(format!(
            "{}: {} has its own parameter group; add slow-query logging to it (PostgreSQL: log_min_duration_statement = 1000, log_statement = ddl)",
            cx.file_of(db),
            db.address()
        ));
    }
    let engine = db
        .eval("engine")
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    let version = db
        .eval("engine_version")
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    let mut parts = version.split('.');
    let (major, minor) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let (family, params) = match engine.as_str() {
        "postgres" if major.parse::<u32>().is_ok_and(|m| m >= 10) => (
            format!("postgres{major}"),
            [
                ("log_min_duration_statement", "1000"),
                ("log_statement", "ddl"),
                // The engine's default since 15; said here so it stays.
                ("rds.force_ssl", "1"),
            ],
        ),
        "mysql" if !major.is_empty() && !minor.is_empty() => (
            format!("mysql{major}.{minor}"),
            [
                ("slow_query_log", "1"),
                ("long_query_time", "1"),
                ("require_secure_transport", "1"),
            ],
        ),
        _ => {
            return cx.next_steps.push(format!(
                "{}: {}: engine/engine_version not known offline; add a parameter group with slow-query logging by hand",
                cx.file_of(db),
                db.address()
            ))
        }
    };
    let name = db.resource.name.clone();
    let prefix = match db
        .attr("identifier")
        .map(|a| a.source_text().trim().to_string())
    {
        Some(s) if s.len() > 1 && s.starts_with('"') && s.ends_with('"') => {
            format!("{}-\"", &s[..s.len() - 1])
        }
        Some(s) => format!("\"${{{s}}}-\""),
        None => format!("\"{name}-\""),
    };
    let params: String = params
        .iter()
        .map(|(k, v)| format!("\n  parameter {{\n    name  = \"{k}\"\n    value = \"{v}\"\n  }}\n"))
        .collect();
    let resource = format!(
        "# Added by `tfready fix`: slow statements (over 1 s) and schema changes go to\n# the database log, exported to CloudWatch Logs; clients must use TLS. The\n# settings are dynamic, but an instance takes a new parameter group at its\n# next reboot.\nresource \"aws_db_parameter_group\" \"{name}\" {{\n  name_prefix = {prefix}\n  family      = \"{family}\"\n  description = \"Slow-query and DDL logging, TLS only\"\n{params}\n  lifecycle {{\n    create_before_destroy = true\n  }}\n}}\n"
    );
    let file = cx.file_of(db);
    let set = cx
        .edit_resource(db, |b| {
            set_attr(
                &mut b.body,
                "parameter_group_name",
                &format!("aws_db_parameter_group.{name}.name"),
                "  ",
            )
        })
        .unwrap_or(false);
    if !set {
        return;
    }
    cx.ws.append(&file, &resource);
    cx.done.push(format!(
        "{file}: {} logs slow queries and schema changes (aws_db_parameter_group.{name})",
        db.address()
    ));
    let id = db
        .eval("identifier")
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| "<db-identifier>".into());
    cx.next_steps.push(format!(
        "aws rds reboot-db-instance --db-instance-identifier {id}   # in a maintenance window: the new parameter group applies after a reboot"
    ));
}
