output "sns_topic_arn" {
  description = "ARN of the alerts topic; other modules (asg, backup, read_replica, config) send their notifications here."
  value       = aws_sns_topic.alerts.arn
}

output "sns_topic_name" {
  description = "Name of the alerts topic."
  value       = aws_sns_topic.alerts.name
}

output "kms_key_arn" {
  description = "ARN of the monitoring KMS key (null when not created). Usable for other log groups of the account and region."
  value       = local.kms_key_arn
}

output "log_group_names" {
  description = "Log group names by suffix (application, system, ...)."
  value       = { for k, g in aws_cloudwatch_log_group.this : k => g.name }
}

output "log_group_arns" {
  description = "Log group ARNs by suffix, for the instance role's logs:PutLogEvents policy."
  value       = { for k, g in aws_cloudwatch_log_group.this : k => g.arn }
}

output "alarm_names" {
  description = "Names of every alarm created."
  value       = [for a in aws_cloudwatch_metric_alarm.this : a.alarm_name]
}

output "dashboard_name" {
  description = "Name of the CloudWatch dashboard."
  value       = aws_cloudwatch_dashboard.this.dashboard_name
}

output "dashboard_url" {
  description = "Console URL of the dashboard."
  value       = "https://console.aws.amazon.com/cloudwatch/home?region=${local.region}#dashboards:name=${aws_cloudwatch_dashboard.this.dashboard_name}"
}
