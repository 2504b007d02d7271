variable "project_name" {
  description = "Project name, used as the prefix of resource names."
  type        = string
}

variable "environment" {
  description = "Deployment environment (dev, staging, prod, ...; prod, production, prd and live count as production). Sets the session log retention."
  type        = string
}

variable "instance_role_name" {
  description = "IAM role of the app instances. Null: the module creates a role and an instance profile (output instance_profile_name) for instances that have none."
  type        = string
  default     = null
}

variable "attach_ssm_core_policy" {
  description = "Attach AmazonSSMManagedInstanceCore to the role. Set false if the role already has it from elsewhere (the example stack's ec2 module attaches it), so two resources do not manage the same attachment."
  type        = bool
  default     = true
}

variable "enable_session_logging" {
  description = "Stream session transcripts to CloudWatch Logs through the account's Session Manager preferences document (SSM-SessionManagerRunShell)."
  type        = bool
  default     = true
}

variable "manage_session_preferences" {
  description = "Create the account/region-wide Session Manager preferences document SSM-SessionManagerRunShell. If preferences were ever saved in the console it exists already: import it (terraform import <address> SSM-SessionManagerRunShell) or set this to false and point it at the log group by hand."
  type        = bool
  default     = true
}

variable "log_retention_days" {
  description = "Retention of the session log group. Default: 365 days in prod (an access audit trail), 30 elsewhere."
  type        = number
  default     = null
}

variable "log_kms_key_arn" {
  description = "KMS key of the session log group (module.monitoring.kms_key_arn). When set, Session Manager is told the group is encrypted; null: CloudWatch Logs default encryption."
  type        = string
  default     = null
}

variable "idle_session_timeout_minutes" {
  description = "Minutes of inactivity after which a session is closed."
  type        = number
  default     = 20
}

variable "tags" {
  description = "Tags for every resource of the module (the provider's default_tags carry the common set)."
  type        = map(string)
  default     = {}
}
