output "app_ip" {
  description = "Elastic IP of the app server, null when disabled"
  value       = one(module.server[*].public_ip)
}

output "app_url" {
  description = "App URL, null when disabled"
  value       = var.enable ? "https://${aws_route53_record.app[0].fqdn}" : null
}

output "private_subnet_ids" {
  description = "Private subnets"
  value       = aws_subnet.private[*].id
}

output "db_address" {
  description = "Postgres host"
  value       = aws_db_instance.main.address
}
