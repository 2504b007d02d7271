output "monitoring_role_arn" {
  description = "ARN of the Enhanced Monitoring role (aws_db_instance.monitoring_role_arn)."
  value       = aws_iam_role.monitoring.arn
}

output "db_instance_settings" {
  description = "Attributes to set on the aws_db_instance (the fix sets them on the stack's own)."
  value = {
    monitoring_interval                   = var.monitoring_interval
    monitoring_role_arn                   = var.monitoring_interval > 0 ? aws_iam_role.monitoring.arn : null
    performance_insights_enabled          = var.performance_insights_enabled
    performance_insights_retention_period = var.performance_insights_enabled ? var.performance_insights_retention_period : null
    database_insights_mode                = var.database_insights_mode
    enabled_cloudwatch_logs_exports       = var.enabled_cloudwatch_logs_exports
  }
}

output "log_group_names" {
  description = "Log groups of the exported database logs, by log type."
  value       = { for k, g in aws_cloudwatch_log_group.exports : k => g.name }
}
