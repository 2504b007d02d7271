# ----------------------------------------------------------------------------
# General
# ----------------------------------------------------------------------------

variable "project_name" {
  description = "Project name, used as a prefix for resource names"
  type        = string
}

variable "environment" {
  description = "Deployment environment (dev, staging or prod)"
  type        = string
}

variable "aws_region" {
  description = "AWS region, passed to the bootstrap script for the AWS CLI"
  type        = string
}

# ----------------------------------------------------------------------------
# Instance
# ----------------------------------------------------------------------------

variable "ec2_instance_type" {
  description = "Instance type for the application server"
  type        = string
  default     = "t3.medium"
}

variable "ec2_root_volume_size" {
  description = "Root volume size in GiB"
  type        = number
  default     = 30
}

variable "key_name" {
  description = "Name of an existing EC2 key pair for SSH access"
  type        = string
}

variable "subnet_id" {
  description = "Public subnet to launch the instance in"
  type        = string
}

variable "app_security_group_id" {
  description = "Security group attached to the instance"
  type        = string
}

variable "user_data_script" {
  description = "Path of the bootstrap script template, relative to the root module"
  type        = string
  default     = "scripts/user-data.sh"
}

# ----------------------------------------------------------------------------
# Application settings (rendered into user data)
# ----------------------------------------------------------------------------

variable "s3_bucket_name" {
  description = "Artifacts bucket the app reads release bundles from"
  type        = string
}

variable "s3_bucket_arn" {
  description = "ARN of the artifacts bucket, for the instance role policy"
  type        = string
}

variable "db_host" {
  description = "RDS endpoint address"
  type        = string
}

variable "db_port" {
  description = "RDS port"
  type        = number
  default     = 5432
}

variable "db_name" {
  description = "Application database name"
  type        = string
}

variable "db_user" {
  description = "Database user the application connects as"
  type        = string
}

variable "db_password" {
  description = "Database password the application connects with"
  type        = string
  sensitive   = true
}

variable "domain_name" {
  description = "Root domain (cohuron.com)"
  type        = string
}

variable "app_subdomain" {
  description = "Subdomain the app is served on; certbot requests a certificate for it"
  type        = string
}

variable "github_repo_url" {
  description = "Git repository to clone on first boot"
  type        = string
}

variable "global_tags" {
  description = "Tags applied to every resource"
  type        = map(string)
  default     = {}
}

# Added by `tfready fix`.
variable "db_secret_arn" {
  description = "Passed to the user-data template by tfready fix"
  type        = string
}

# Added by `tfready fix`.
variable "redis_secret_arn" {
  description = "Passed to the user-data template by tfready fix"
  type        = string
}

# Added by `tfready fix`.
variable "redis_host" {
  description = "Passed to the user-data template by tfready fix"
  type        = string
}

# Added by `tfready fix`.
variable "redis_port" {
  description = "Passed to the user-data template by tfready fix"
  type        = string
}

# Added by `tfready fix`.
variable "replaced_by_asg" {
  description = "True once the Auto Scaling group (module.asg) serves the app: the single instance and its Elastic IP are retired. False runs them again (and alongside the group during a switch-over)."
  type        = bool
  default     = false
}
