variable "project_name" {
  description = "Project name, used in Name tags."
  type        = string
}

variable "environment" {
  description = "Deployment environment (dev, staging, prod, ...; prod, production, prd and live count as production). prod replicas get deletion protection."
  type        = string
}

variable "enabled" {
  description = "Create the replica(s). The module is a no-op when false, so it can be wired in and switched on per environment."
  type        = bool
  default     = false
}

variable "replica_count" {
  description = "Number of read replicas (up to 15 for PostgreSQL)."
  type        = number
  default     = 1

  validation {
    condition     = var.replica_count >= 1 && var.replica_count <= 15
    error_message = "replica_count must be between 1 and 15."
  }
}

variable "source_db_identifier" {
  description = "Identifier of the source instance; for a cross-region replica its ARN with a provider of the target region. The source must keep automated backups (backup_retention_period > 0)."
  type        = string
}

variable "instance_class" {
  description = "Instance class of the replicas (the source's). It should not be smaller than the source's, or replication lag grows under write load."
  type        = string
}

variable "vpc_security_group_ids" {
  description = "Security groups of the replicas (the primary's: the app servers reach the replicas as they reach it)."
  type        = list(string)
}

variable "db_subnet_group_name" {
  description = "Subnet group, needed only for a cross-region replica (a same-region replica lives in the source's VPC)."
  type        = string
  default     = null
}

variable "kms_key_arn" {
  description = "KMS key for a cross-region encrypted replica (a key of the target region). Same region: null, the source's key is used."
  type        = string
  default     = null
}

variable "monitoring_role_arn" {
  description = "Enhanced Monitoring role (module.rds_monitoring.monitoring_role_arn). Null: no Enhanced Monitoring on the replicas."
  type        = string
  default     = null
}

variable "performance_insights_enabled" {
  description = "Performance Insights on the replicas (7 days free)."
  type        = bool
  default     = true
}

variable "log_exports" {
  description = "Logs the replicas export to CloudWatch Logs (the source's enabled_cloudwatch_logs_exports, e.g. [\"postgresql\", \"upgrade\"])."
  type        = list(string)
  default     = []
}

variable "max_replica_lag_seconds" {
  description = "Alarm threshold on ReplicaLag."
  type        = number
  default     = 300
}

variable "alarm_topic_arn" {
  description = "SNS topic for the replica lag alarm (module.monitoring.sns_topic_arn). Null: alarm without notification."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags for every resource of the module (the provider's default_tags carry the common set)."
  type        = map(string)
  default     = {}
}
