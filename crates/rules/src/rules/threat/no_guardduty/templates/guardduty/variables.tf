variable "project_name" {
  description = "Project name, used as the prefix of resource names."
  type        = string
}

variable "environment" {
  description = "Deployment environment (dev, staging, prod, ...; prod, production, prd and live count as production)."
  type        = string
}

variable "finding_publishing_frequency" {
  description = "How often updates to existing findings are published: FIFTEEN_MINUTES, ONE_HOUR or SIX_HOURS. New findings are always published within about 5 minutes."
  type        = string
  default     = "FIFTEEN_MINUTES"

  validation {
    condition     = contains(["FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"], var.finding_publishing_frequency)
    error_message = "finding_publishing_frequency must be FIFTEEN_MINUTES, ONE_HOUR or SIX_HOURS."
  }
}

variable "enable_s3_protection" {
  description = "S3_DATA_EVENTS: analyse S3 data-plane events (the artifacts and upload bucket)."
  type        = bool
  default     = true
}

variable "enable_ebs_malware_protection" {
  description = "EBS_MALWARE_PROTECTION: scan the EBS volumes of an instance with a suspicious finding."
  type        = bool
  default     = true
}

variable "enable_rds_protection" {
  description = "RDS_LOGIN_EVENTS: analyse login activity on RDS/Aurora (supported PostgreSQL versions)."
  type        = bool
  default     = true
}

variable "enable_runtime_monitoring" {
  description = "RUNTIME_MONITORING with GuardDuty-managed agents on EC2 (through SSM). Extra cost per vCPU; off by default."
  type        = bool
  default     = false
}

variable "enable_lambda_protection" {
  description = "LAMBDA_NETWORK_LOGS: analyse Lambda network activity (for stacks that run Lambda functions)."
  type        = bool
  default     = false
}

variable "min_severity" {
  description = "Lowest severity sent to SNS (GuardDuty: 1-3.9 low, 4-6.9 medium, 7-8.9 high, 9-10 critical). Lower findings stay in the console."
  type        = number
  default     = 4
}

variable "create_sns_topic" {
  description = "Create a dedicated findings topic. False: publish to existing_sns_topic_arn (its policy must let events.amazonaws.com publish; the monitoring module's does)."
  type        = bool
  default     = true
}

variable "existing_sns_topic_arn" {
  description = "Topic for the findings when create_sns_topic = false (module.monitoring.sns_topic_arn)."
  type        = string
  default     = null
}

variable "alert_emails" {
  description = "Email addresses subscribed to the dedicated findings topic."
  type        = list(string)
  default     = []
}

variable "kms_key_arn" {
  description = "KMS key for the dedicated topic; its key policy must allow events.amazonaws.com kms:GenerateDataKey*/kms:Decrypt (module.monitoring.kms_key_arn does). Null: unencrypted topic (findings metadata only)."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags for every resource of the module (the provider's default_tags carry the common set)."
  type        = map(string)
  default     = {}
}
