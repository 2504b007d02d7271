variable "project_name" {
  description = "Project name, used as the prefix of resource names."
  type        = string
}

variable "environment" {
  description = "Deployment environment (dev, staging, prod, ...; prod, production, prd and live count as production). Sets the log retention."
  type        = string
}

variable "db_instance_identifier" {
  description = "Identifier of the RDS instance; names the log groups RDS exports to. Null for an Aurora cluster (cluster_identifier)."
  type        = string
  default     = null
}

variable "cluster_identifier" {
  description = "Identifier of an Aurora cluster, whose logs RDS exports to /aws/rds/cluster/<id>/...; null for an RDS instance."
  type        = string
  default     = null
}

# ----------------------------------------------------------------------------
# Settings to put on the aws_db_instance. The module cannot set them on a
# resource it does not own; it returns them in the db_instance_settings
# output, which the fix writes onto the stack's own aws_db_instance.
# ----------------------------------------------------------------------------

variable "monitoring_interval" {
  description = "Enhanced Monitoring interval in seconds (0, 1, 5, 10, 15, 30, 60): OS metrics (memory, swap, processes) that CloudWatch's hypervisor metrics lack. Setting for aws_db_instance.monitoring_interval."
  type        = number
  default     = 60

  validation {
    condition     = contains([0, 1, 5, 10, 15, 30, 60], var.monitoring_interval)
    error_message = "monitoring_interval must be 0, 1, 5, 10, 15, 30 or 60."
  }
}

variable "performance_insights_enabled" {
  description = "Setting for aws_db_instance.performance_insights_enabled: query-level load (top SQL, waits). 7 days of retention are free. Some small instance classes do not support it; RDS then rejects the change."
  type        = bool
  default     = true
}

variable "performance_insights_retention_period" {
  description = "Setting for aws_db_instance.performance_insights_retention_period: 7 (free) or a multiple of 31 up to 731 days."
  type        = number
  default     = 7
}

variable "database_insights_mode" {
  description = "Setting for aws_db_instance.database_insights_mode: standard (free, builds on Performance Insights) or advanced (paid, 15 months, requires 465 days of Performance Insights retention). Null to leave it unset."
  type        = string
  default     = "standard"
}

variable "enabled_cloudwatch_logs_exports" {
  description = "Setting for aws_db_instance.enabled_cloudwatch_logs_exports (PostgreSQL: postgresql, upgrade, iam-db-auth-error)."
  type        = list(string)
  default     = ["postgresql", "upgrade"]
}

variable "log_retention_days" {
  description = "Retention of the exported log groups. Default: 30 days in prod, 7 elsewhere."
  type        = number
  default     = null
}

variable "kms_key_arn" {
  description = "KMS key for the log groups (module.monitoring.kms_key_arn). Null: CloudWatch Logs default encryption."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags for every resource of the module (the provider's default_tags carry the common set)."
  type        = map(string)
  default     = {}
}
