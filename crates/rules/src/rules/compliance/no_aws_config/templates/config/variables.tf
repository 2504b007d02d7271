variable "project_name" {
  description = "Project name, used as the prefix of resource names."
  type        = string
}

variable "environment" {
  description = "Deployment environment (dev, staging, prod, ...; prod, production, prd and live count as production). Sets how long configuration history is kept."
  type        = string
}

variable "recorder_name" {
  description = "Name of the configuration recorder and delivery channel. AWS Config allows one of each per account and region."
  type        = string
  default     = "default"
}

variable "include_global_resource_types" {
  description = "Record global resources (IAM users, roles, policies). True in exactly one region of the account, or they are recorded (and billed) once per region."
  type        = bool
  default     = true
}

variable "recording_frequency" {
  description = "CONTINUOUS (every change) or DAILY (at most one configuration item per resource per day: cheaper for resources that change often)."
  type        = string
  default     = "CONTINUOUS"

  validation {
    condition     = contains(["CONTINUOUS", "DAILY"], var.recording_frequency)
    error_message = "recording_frequency must be CONTINUOUS or DAILY."
  }
}

variable "s3_key_prefix" {
  description = "Key prefix of the delivered configuration history and snapshots."
  type        = string
  default     = "config"
}

variable "history_retention_days" {
  description = "Days configuration history and snapshots are kept in the bucket. Default: 730 in prod (audits look back a year or two), 90 elsewhere."
  type        = number
  default     = null
}

variable "sns_topic_arn" {
  description = "Topic for configuration and compliance change notifications. Null: none (they are noisy; alarms belong in the monitoring module)."
  type        = string
  default     = null
}

variable "managed_rules" {
  description = "AWS managed Config rules to evaluate (rule name suffix => source identifier). Each rule costs $0.001 per evaluation; the defaults check what tfready fix closes."
  type        = map(string)
  default = {
    "s3-bucket-public-read-prohibited" = "S3_BUCKET_PUBLIC_READ_PROHIBITED"
    "s3-bucket-ssl-requests-only"      = "S3_BUCKET_SSL_REQUESTS_ONLY"
    "rds-storage-encrypted"            = "RDS_STORAGE_ENCRYPTED"
    "rds-instance-public-access-check" = "RDS_INSTANCE_PUBLIC_ACCESS_CHECK"
    "encrypted-volumes"                = "ENCRYPTED_VOLUMES"
    "restricted-ssh"                   = "INCOMING_SSH_DISABLED"
    "ec2-imdsv2-check"                 = "EC2_IMDSV2_CHECK"
    "vpc-flow-logs-enabled"            = "VPC_FLOW_LOGS_ENABLED"
  }
}

variable "tags" {
  description = "Tags for every resource of the module (the provider's default_tags carry the common set)."
  type        = map(string)
  default     = {}
}
