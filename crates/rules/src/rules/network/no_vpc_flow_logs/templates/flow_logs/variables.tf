variable "project_name" {
  description = "Project name, used as the prefix of resource names."
  type        = string
}

variable "environment" {
  description = "Deployment environment (dev, staging, prod, ...; prod, production, prd and live count as production). Sets the retention."
  type        = string
}

variable "vpc_id" {
  description = "VPC whose traffic is logged."
  type        = string
}

variable "traffic_type" {
  description = "ALL, ACCEPT or REJECT. ALL is what an investigation needs; REJECT alone is cheaper."
  type        = string
  default     = "ALL"

  validation {
    condition     = contains(["ALL", "ACCEPT", "REJECT"], var.traffic_type)
    error_message = "traffic_type must be ALL, ACCEPT or REJECT."
  }
}

variable "retention_in_days" {
  description = "Retention of the flow log group. Default: 90 days in prod (security investigations look back weeks), 14 elsewhere."
  type        = number
  default     = null
}

variable "max_aggregation_interval" {
  description = "Seconds over which flows are aggregated into one record: 60 or 600."
  type        = number
  default     = 600

  validation {
    condition     = contains([60, 600], var.max_aggregation_interval)
    error_message = "max_aggregation_interval must be 60 or 600."
  }
}

variable "log_format" {
  description = "Custom flow log record format. Null: the default (version 2) fields."
  type        = string
  default     = null
}

variable "kms_key_arn" {
  description = "KMS key for the log group (e.g. module.monitoring.kms_key_arn). Null: CloudWatch Logs default encryption."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags for every resource of the module (the provider's default_tags carry the common set)."
  type        = map(string)
  default     = {}
}
