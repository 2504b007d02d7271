output "replica_identifiers" {
  description = "Identifiers of the replicas (empty when disabled)."
  value       = aws_db_instance.replica[*].identifier
}

output "replica_addresses" {
  description = "Host names of the replicas, for the app's read-only connection pool."
  value       = aws_db_instance.replica[*].address
}

output "replica_arns" {
  description = "ARNs of the replicas."
  value       = aws_db_instance.replica[*].arn
}
