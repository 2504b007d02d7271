output "flow_log_id" {
  description = "Id of the flow log."
  value       = aws_flow_log.vpc.id
}

output "log_group_name" {
  description = "Log group receiving the flow logs (query it with CloudWatch Logs Insights)."
  value       = aws_cloudwatch_log_group.flow.name
}

output "log_group_arn" {
  description = "ARN of the flow log group."
  value       = aws_cloudwatch_log_group.flow.arn
}

output "iam_role_arn" {
  description = "ARN of the delivery role."
  value       = aws_iam_role.flow.arn
}
