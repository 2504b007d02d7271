output "replication_group_id" {
  description = "Id of the replication group (CloudWatch dimension ReplicationGroupId)."
  value       = aws_elasticache_replication_group.this.id
}

output "primary_endpoint_address" {
  description = "Primary (read/write) endpoint."
  value       = aws_elasticache_replication_group.this.primary_endpoint_address
}

output "reader_endpoint_address" {
  description = "Reader endpoint (spreads reads over the replicas)."
  value       = aws_elasticache_replication_group.this.reader_endpoint_address
}

output "port" {
  description = "Port of the endpoints."
  value       = var.port
}

output "url" {
  description = "Connection URL without the token (TLS is required: rediss://). The app adds the token from auth_token_secret_arn."
  value       = "rediss://${aws_elasticache_replication_group.this.primary_endpoint_address}:${var.port}"
}

output "auth_token_secret_arn" {
  description = "Secret holding {\"auth_token\": ...}; give it to the secrets module (additional_secret_arns) so the app role may read it."
  value       = aws_secretsmanager_secret.auth.arn
}

output "security_group_id" {
  description = "Security group of the cache."
  value       = aws_security_group.this.id
}

output "num_cache_clusters" {
  description = "Number of nodes created (cost: node price x this)."
  value       = local.num_cache_clusters
}
