output "vault_name" {
  description = "Name of the backup vault."
  value       = aws_backup_vault.this.name
}

output "vault_arn" {
  description = "ARN of the backup vault."
  value       = aws_backup_vault.this.arn
}

output "plan_id" {
  description = "Id of the backup plan."
  value       = aws_backup_plan.this.id
}

output "role_arn" {
  description = "ARN of the AWS Backup service role."
  value       = aws_iam_role.backup.arn
}

output "retention" {
  description = "Retention in effect (days), for the cost estimate: daily, weekly, weekly cold storage start (null: none)."
  value = {
    daily_days             = local.daily_retention
    weekly_days            = local.weekly_retention
    weekly_cold_after_days = local.use_cold ? local.cold_after : null
  }
}
