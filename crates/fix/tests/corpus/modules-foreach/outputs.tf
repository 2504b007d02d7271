output "api_url" {
  description = "Public URL of the booking API"
  value       = "http://${aws_route53_record.api.fqdn}"
}

output "api_public_ip" {
  description = "Elastic IP held by the API server"
  value       = module.app.public_ip
}

output "public_subnet_ids" {
  description = "Public subnet IDs"
  value       = module.network.public_subnet_ids
}

output "db_address" {
  description = "MySQL endpoint address"
  value       = module.data.db_address
}
