output "db_instance_id" {
  description = "Identifier of the RDS instance"
  value       = aws_db_instance.coherent_db.identifier
}

output "db_address" {
  description = "Hostname of the RDS instance"
  value       = aws_db_instance.coherent_db.address
}

output "db_port" {
  description = "Port the database listens on"
  value       = aws_db_instance.coherent_db.port
}

output "db_endpoint" {
  description = "Connection endpoint (host:port)"
  value       = aws_db_instance.coherent_db.endpoint
}

output "db_arn" {
  description = "ARN of the RDS instance"
  value       = aws_db_instance.coherent_db.arn
}

# Added by `tfready fix`: where the app reads the database credentials.
output "db_master_user_secret_arn" {
  description = "ARN of the RDS-managed master user secret (Secrets Manager)"
  value       = try(aws_db_instance.coherent_db.master_user_secret[0].secret_arn, null)
}
