output "hosted_zone_id" {
  description = "ID of the public hosted zone"
  value       = aws_route53_zone.main.zone_id
}

output "name_servers" {
  description = "Name servers to set at the domain registrar"
  value       = aws_route53_zone.main.name_servers
}

output "app_fqdn" {
  description = "Fully qualified name of the application record"
  value       = aws_route53_record.app.fqdn
}
