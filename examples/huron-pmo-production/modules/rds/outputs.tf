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

# Added by `tfready fix`: read by the modules it wires in.
output "db_instance_coherent_db_instance_class" {
  value = aws_db_instance.coherent_db.instance_class
}

# Added by `tfready fix`: read by the modules it wires in.
output "db_instance_coherent_db_vpc_security_group_ids" {
  value = aws_db_instance.coherent_db.vpc_security_group_ids
}

# Added by `tfready fix`: read by the modules it wires in.
output "db_instance_coherent_db_enabled_cloudwatch_logs_exports" {
  value = aws_db_instance.coherent_db.enabled_cloudwatch_logs_exports
}
