output "web_acl_arn" {
  description = "ARN of the web ACL."
  value       = aws_wafv2_web_acl.this.arn
}

output "web_acl_id" {
  description = "Id of the web ACL."
  value       = aws_wafv2_web_acl.this.id
}

output "web_acl_name" {
  description = "Name of the web ACL (CloudWatch dimension WebACL)."
  value       = aws_wafv2_web_acl.this.name
}

output "web_acl_capacity" {
  description = "Web ACL capacity units used (1,500 are included in the base price)."
  value       = aws_wafv2_web_acl.this.capacity
}

output "log_group_name" {
  description = "Log group receiving the WAF logs."
  value       = aws_cloudwatch_log_group.waf.name
}
