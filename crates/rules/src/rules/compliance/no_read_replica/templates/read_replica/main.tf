# ============================================================================
# RDS read replicas
# ============================================================================
# Asynchronous read replicas of the application database, for read scaling
# (reports, dashboards) and, cross-region, as the database half of a DR plan
# (promote the replica; the backup module's copy_to_vault_arn keeps the other
# half). Engine, version, storage, credentials and encryption come from the
# source; the replica sets what a replica may differ in.
# ============================================================================

locals {
  name_prefix = "${var.project_name}-${var.environment}"
  replicas    = var.enabled ? var.replica_count : 0
  # Identifiers: at most 63 characters.
  source_name = element(split(":", var.source_db_identifier), length(split(":", var.source_db_identifier)) - 1)
}

resource "aws_db_instance" "replica" {
  count = local.replicas

  identifier          = substr("${local.source_name}-replica-${count.index + 1}", 0, 63)
  replicate_source_db = var.source_db_identifier
  instance_class      = var.instance_class

  vpc_security_group_ids = var.vpc_security_group_ids
  db_subnet_group_name   = var.db_subnet_group_name
  publicly_accessible    = false
  multi_az               = false # a replica is the redundancy; promote it if needed
  storage_encrypted      = true
  kms_key_id             = var.kms_key_arn

  # Replicas need no automated backups of their own (the source has them);
  # set a retention here only before promoting one.
  backup_retention_period = 0
  skip_final_snapshot     = true

  monitoring_interval                   = var.monitoring_role_arn == null ? 0 : 60
  monitoring_role_arn                   = var.monitoring_role_arn
  performance_insights_enabled          = var.performance_insights_enabled
  performance_insights_retention_period = var.performance_insights_enabled ? 7 : null
  enabled_cloudwatch_logs_exports       = var.log_exports

  auto_minor_version_upgrade = true
  deletion_protection        = contains(["prod", "production", "prd", "live"], lower(var.environment))
  copy_tags_to_snapshot      = true
  apply_immediately          = false

  tags = merge(var.tags, {
    Name = "${local.name_prefix}-db-replica-${count.index + 1}"
    Role = "read-replica"
  })
}

resource "aws_cloudwatch_metric_alarm" "replica_lag" {
  count = local.replicas

  alarm_name          = "${aws_db_instance.replica[count.index].identifier}-lag"
  alarm_description   = "Read replica more than ${var.max_replica_lag_seconds} s behind the source for 15 minutes: readers see stale data."
  namespace           = "AWS/RDS"
  metric_name         = "ReplicaLag"
  statistic           = "Maximum"
  dimensions          = { DBInstanceIdentifier = aws_db_instance.replica[count.index].identifier }
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.max_replica_lag_seconds
  period              = 300
  evaluation_periods  = 3
  treat_missing_data  = "missing"
  alarm_actions       = var.alarm_topic_arn == null ? [] : [var.alarm_topic_arn]
  ok_actions          = var.alarm_topic_arn == null ? [] : [var.alarm_topic_arn]

  tags = merge(var.tags, { Name = "${aws_db_instance.replica[count.index].identifier}-lag" })
}
