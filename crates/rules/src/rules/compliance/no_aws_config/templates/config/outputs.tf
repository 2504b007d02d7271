output "recorder_name" {
  description = "Name of the configuration recorder."
  value       = aws_config_configuration_recorder.this.name
}

output "bucket_name" {
  description = "Bucket receiving configuration history and snapshots."
  value       = aws_s3_bucket.config.id
}

output "role_arn" {
  description = "ARN of the recorder's role."
  value       = aws_iam_role.config.arn
}

output "rule_names" {
  description = "Names of the managed Config rules."
  value       = [for r in aws_config_config_rule.managed : r.name]
}
