output "instance_id" {
  description = "ID of the application server"
  value       = aws_instance.app.id
}

output "instance_arn" {
  description = "ARN of the application server"
  value       = aws_instance.app.arn
}

output "public_ip" {
  description = "Elastic IP address of the application server"
  value       = aws_eip.app.public_ip
}

output "private_ip" {
  description = "Private IP address of the application server"
  value       = aws_instance.app.private_ip
}

output "ami_id" {
  description = "AMI the instance was launched from"
  value       = aws_instance.app.ami
}

output "ec2_role_name" {
  description = "Name of the instance IAM role (attach extra policies to it)"
  value       = aws_iam_role.ec2_role.name
}

output "ec2_role_arn" {
  description = "ARN of the instance IAM role"
  value       = aws_iam_role.ec2_role.arn
}

output "instance_profile_name" {
  description = "Name of the instance profile"
  value       = aws_iam_instance_profile.ec2_profile.name
}
