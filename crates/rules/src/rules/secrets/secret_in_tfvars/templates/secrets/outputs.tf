output "app_secret_arn" {
  description = "ARN of the application secret (JSON document)."
  value       = aws_secretsmanager_secret.app.arn
}

output "app_secret_name" {
  description = "Name of the application secret; the app reads it with GetSecretValue at start-up instead of getting values through user data."
  value       = aws_secretsmanager_secret.app.name
}

output "db_secret_arn" {
  description = "ARN of the RDS-managed master user secret (pass-through; null when not given). Its JSON has `username` and `password`."
  value       = var.rds_master_user_secret_arn
}

output "read_policy_arn" {
  description = "ARN of the least-privilege read policy (attach it to any other role that needs the secrets)."
  value       = aws_iam_policy.read.arn
}

output "read_policy_json" {
  description = "The read policy document."
  value       = data.aws_iam_policy_document.read.json
}

output "readable_secret_arns" {
  description = "Every secret the read policy grants."
  value       = local.readable_secret_arns
}
