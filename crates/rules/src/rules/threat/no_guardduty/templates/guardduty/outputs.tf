output "detector_id" {
  description = "Id of the GuardDuty detector."
  value       = aws_guardduty_detector.this.id
}

output "sns_topic_arn" {
  description = "Topic receiving the findings."
  value       = local.topic_arn
}

output "event_rule_arn" {
  description = "ARN of the EventBridge rule forwarding findings."
  value       = aws_cloudwatch_event_rule.findings.arn
}

output "enabled_features" {
  description = "Protection plans enabled (cost drivers)."
  value = concat(
    [for name, on in local.features : name if on],
    var.enable_runtime_monitoring ? ["RUNTIME_MONITORING"] : [],
  )
}
