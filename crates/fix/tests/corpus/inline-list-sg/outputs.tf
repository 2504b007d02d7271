output "app_public_ip" {
  description = "Public IP of the app server (changes on stop/start)"
  value       = aws_instance.app.public_ip
}

output "app_url" {
  description = "Where the CRM answers"
  value       = "http://${aws_instance.app.public_dns}"
}

output "db_endpoint" {
  description = "Postgres endpoint"
  value       = aws_db_instance.crm.endpoint
}
