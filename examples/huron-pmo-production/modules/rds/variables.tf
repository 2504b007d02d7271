variable "project_name" {
  description = "Project name, used as a prefix for resource names"
  type        = string
}

variable "environment" {
  description = "Deployment environment (dev, staging or prod)"
  type        = string
}

variable "private_subnet_ids" {
  description = "Private subnets for the DB subnet group (at least two AZs)"
  type        = list(string)
}

variable "db_security_group_id" {
  description = "Security group attached to the database"
  type        = string
}

variable "db_instance_class" {
  description = "Instance class for the database"
  type        = string
  default     = "db.t3.micro"
}

variable "db_allocated_storage" {
  description = "Initial allocated storage in GiB (autoscaling up to 5x)"
  type        = number
  default     = 20
}

variable "db_name" {
  description = "Name of the application database"
  type        = string
}

variable "db_username" {
  description = "Master username"
  type        = string
}

variable "db_password" {
  description = "Master password"
  type        = string
  sensitive   = true
}

variable "global_tags" {
  description = "Tags applied to every resource"
  type        = map(string)
  default     = {}
}

# Added by `tfready fix`.
variable "monitoring_role_arn" {
  description = "IAM role RDS enhanced monitoring publishes with"
  type        = string
  default     = null
}

# Added by `tfready fix`.
variable "performance_insights_kms_key_id" {
  description = "KMS key for Performance Insights data (null: the AWS managed aws/rds key)"
  type        = string
  default     = null
}
