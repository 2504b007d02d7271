use crate::fixing::prelude::*;

pub(crate) static FIXER: Fixer = Fixer {
    id: "read_replica",
    title: "Read replica of the database in production",
    phase: Phase::Four,
    order: 240,
    needs: &[],
    also_when: &[],
    run: read_replica,
};

/// A read replica of the primary database, created in production only
/// (the module's `enabled`), the same class as the primary, in its
/// security groups, with lag alarms to the monitoring topic.
pub(crate) fn read_replica(cx: &mut FixCx<'_>) {
    // Engines whose replicas RDS creates in every edition.
    let engine_ok = cx
        .project
        .resources_of("aws_db_instance")
        .filter(|d| d.attr("replicate_source_db").is_none())
        .any(|d| {
            d.eval("engine")
                .and_then(|v| v.as_string())
                .is_some_and(|e| matches!(e.as_str(), "postgres" | "mysql" | "mariadb"))
        });
    let (true, Some(id), Some(class), Some(sgs)) = (
        engine_ok,
        cx.database("identifier"),
        cx.database("instance_class"),
        cx.database("vpc_security_group_ids"),
    ) else {
        return missing(
            cx,
            "read_replica",
            "a PostgreSQL, MySQL or MariaDB instance with its identifier, class and security groups",
        );
    };
    let enabled = match cx.env_var() {
        Some(v) => format!(
            "var.{v} == {}",
            crate::fixing::hcl::hcl_string(&prod_name(cx))
        ),
        None if cx.project.env_layout().workspaces => format!(
            "terraform.workspace == {}",
            crate::fixing::hcl::hcl_string(&prod_name(cx))
        ),
        // One environment, and the audit found it is production.
        None => "true".into(),
    };
    let mut inputs = base_inputs(cx, true);
    inputs.push(("enabled", enabled));
    inputs.push(("source_db_identifier", id.expr.clone()));
    inputs.push(("instance_class", class.expr.clone()));
    inputs.push(("vpc_security_group_ids", sgs.expr.clone()));
    if let Some(logs) = cx.database("enabled_cloudwatch_logs_exports") {
        inputs.push(("log_exports", logs.expr));
    }
    if root_calls(cx, "rds_monitoring") {
        inputs.push((
            "monitoring_role_arn",
            cx.module_ref("rds_monitoring", "monitoring_role_arn"),
        ));
    }
    if root_calls(cx, "monitoring") {
        inputs.push((
            "alarm_topic_arn",
            cx.module_ref("monitoring", "sns_topic_arn"),
        ));
    }
    let inputs = with_tags(cx, inputs);
    cx.add_module(
        "read_replica",
        "Read replica of the database, in production",
        combined_count(&[&id, &class, &sgs]).as_deref(),
        &inputs,
    );
}
