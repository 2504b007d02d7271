output "public_ip" {
  description = "Elastic IP the API server attaches to itself"
  value       = aws_eip.api.public_ip
}

output "asg_name" {
  description = "Auto Scaling group name"
  value       = aws_autoscaling_group.api.name
}
