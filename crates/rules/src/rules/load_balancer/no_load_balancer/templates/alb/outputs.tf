output "alb_arn" {
  description = "ARN of the load balancer (WAF association)."
  value       = aws_lb.this.arn
}

output "alb_arn_suffix" {
  description = "ARN suffix of the load balancer, the LoadBalancer dimension of its CloudWatch metrics."
  value       = aws_lb.this.arn_suffix
}

output "alb_dns_name" {
  description = "DNS name of the load balancer (CloudFront origin, alias records)."
  value       = aws_lb.this.dns_name
}

output "alb_zone_id" {
  description = "Route 53 zone id of the load balancer, for alias records."
  value       = aws_lb.this.zone_id
}

output "alb_security_group_id" {
  description = "Security group of the load balancer; the app security group should accept traffic from it only (sg_hardening)."
  value       = aws_security_group.alb.id
}

output "target_group_arn" {
  description = "ARN of the app target group (asg module: target_group_arns)."
  value       = aws_lb_target_group.app.arn
}

output "target_group_arn_suffix" {
  description = "ARN suffix of the target group, the TargetGroup dimension of its CloudWatch metrics."
  value       = aws_lb_target_group.app.arn_suffix
}

output "https_listener_arn" {
  description = "ARN of the HTTPS listener (extra rules, extra certificates)."
  value       = aws_lb_listener.https.arn
}

output "http_listener_arn" {
  description = "ARN of the HTTP redirect listener."
  value       = aws_lb_listener.http.arn
}

output "access_logs_bucket_name" {
  description = "Bucket receiving the access logs (null when logging is off)."
  value       = var.access_logs_enabled ? local.logs_bucket_name : null
}

output "dns_record_fqdns" {
  description = "Alias records created for dns_names."
  value       = [for r in aws_route53_record.alias : r.fqdn]
}
