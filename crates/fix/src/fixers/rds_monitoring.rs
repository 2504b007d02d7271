use super::prelude::*;

pub(super) fn rds_monitoring(cx: &mut FixCx<'_>) {
    let Some((db, id)) = cx.wiring.database("identifier") else {
        return missing(cx, "rds_monitoring", "the database");
    };
    let mut inputs = base_inputs(cx, true);
    inputs.push(("db_instance_identifier", id.expr));
    let inputs = with_tags(cx, inputs);
    cx.add_module(
        "rds_monitoring",
        "RDS enhanced monitoring role and log groups (roadmap 4.2)",
        None,
        &inputs,
    );
    // The database itself.
    let engine = db
        .eval("engine")
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    let exports = if engine.contains("mysql") || engine.contains("mariadb") {
        "[\"error\", \"general\", \"slowquery\"]"
    } else {
        "[\"postgresql\", \"upgrade\"]"
    };
    let in_root = db.module().dir.is_empty();
    let role = if in_root {
        "module.rds_monitoring.monitoring_role_arn".to_string()
    } else {
        "var.monitoring_role_arn".to_string()
    };
    let changed = cx
        .edit_resource(&db, |b| {
            let mut c = set_attr(&mut b.body, "performance_insights_enabled", "true", "  ");
            c |= set_attr(&mut b.body, "monitoring_interval", "60", "  ");
            c |= set_attr(&mut b.body, "monitoring_role_arn", &role, "  ");
            c |= set_attr(
                &mut b.body,
                "enabled_cloudwatch_logs_exports",
                exports,
                "  ",
            );
            c |= set_attr(
                &mut b.body,
                "iam_database_authentication_enabled",
                "true",
                "  ",
            );
            c |= set_attr(&mut b.body, "copy_tags_to_snapshot", "true", "  ");
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
                "module.rds_monitoring.monitoring_role_arn".to_string(),
            )],
        );
    }
}
