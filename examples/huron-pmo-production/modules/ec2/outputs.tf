output "instance_id" {
  description = "ID of the application server"
  value       = join("", aws_instance.app[*].id)
}

output "instance_arn" {
  description = "ARN of the application server"
  value       = join("", aws_instance.app[*].arn)
}

output "public_ip" {
  description = "Elastic IP address of the application server"
  value       = join("", aws_eip.app[*].public_ip)
}

output "private_ip" {
  description = "Private IP address of the application server"
  value       = join("", aws_instance.app[*].private_ip)
}

output "ami_id" {
  description = "AMI the instance was launched from"
  value       = join("", aws_instance.app[*].ami)
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

# Added by `tfready fix`: the launch template of module.asg is built from it.
output "app_launch_instance_type" {
  value = var.ec2_instance_type
}

# Added by `tfready fix`: the launch template of module.asg is built from it.
output "app_launch_iam_instance_profile" {
  value = aws_iam_instance_profile.ec2_profile.name
}

# Added by `tfready fix`: the launch template of module.asg is built from it.
output "app_launch_ami" {
  value = data.aws_ami.ubuntu.id
}

# Added by `tfready fix`: the launch template of module.asg is built from it.
output "app_launch_user_data" {
  value = templatefile("${path.root}/${var.user_data_script}", {
    db_host          = var.db_host
    db_port          = var.db_port
    db_name          = var.db_name
    db_user          = var.db_user
    db_password      = var.db_password
    s3_bucket        = var.s3_bucket_name
    aws_region       = var.aws_region
    domain_name      = var.domain_name
    app_subdomain    = var.app_subdomain
    github_repo_url  = var.github_repo_url
    project_name     = var.project_name
    db_secret_arn    = var.db_secret_arn
    redis_secret_arn = var.redis_secret_arn
    redis_host       = var.redis_host
    redis_port       = var.redis_port
  })
  sensitive = true
}

# Added by `tfready fix`: the launch template of module.asg is built from it.
output "app_launch_root_volume_size" {
  value = var.ec2_root_volume_size
}
