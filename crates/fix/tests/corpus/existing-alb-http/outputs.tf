output "alb_dns_name" {
  description = "Point the ticketing CNAME here"
  value       = aws_lb.web.dns_name
}

output "app_instance_ids" {
  description = "App server instance IDs"
  value       = aws_instance.app[*].id
}

output "app_public_ips" {
  description = "Public IPs of the app servers (for SSH)"
  value       = aws_instance.app[*].public_ip
}
