output "asg_name" {
  description = "Name of the Auto Scaling group (monitoring module: asg = { name = ... })."
  value       = aws_autoscaling_group.app.name
}

output "asg_arn" {
  description = "ARN of the Auto Scaling group."
  value       = aws_autoscaling_group.app.arn
}

output "min_size" {
  description = "Minimum size in effect."
  value       = local.min_size
}

output "max_size" {
  description = "Maximum size in effect."
  value       = local.max_size
}

output "launch_template_id" {
  description = "Id of the launch template."
  value       = aws_launch_template.app.id
}

output "launch_template_latest_version" {
  description = "Latest version of the launch template (the one the group uses)."
  value       = aws_launch_template.app.latest_version
}

output "ami_id" {
  description = "AMI the launch template uses."
  value       = data.aws_ami.this.id
}

output "scaling_policy_arn" {
  description = "ARN of the target tracking policy."
  value       = aws_autoscaling_policy.cpu.arn
}
