variable "project_name" {
  description = "Project name, used as the prefix of resource names."
  type        = string
}

variable "environment" {
  description = "Deployment environment (dev, staging, prod, ...; prod, production, prd and live count as production). Sets the retention defaults and whether weekly backups go to cold storage."
  type        = string
}

variable "resource_arns" {
  description = "Resources selected by ARN (the databases' and volumes' `arn`)."
  type        = list(string)
  default     = []
}

variable "selection_tag" {
  description = "Resources carrying this tag are selected too (the asg module puts Backup = \"true\" on its instances and volumes). Null: no tag-based selection."
  type = object({
    key   = string
    value = string
  })
  default = { key = "Backup", value = "true" }
}

variable "daily_schedule" {
  description = "Cron expression of the daily backup (UTC). After the RDS backup window (03:00-04:00) and the Sunday maintenance window (04:30-05:30): a snapshot job waits while either is running."
  type        = string
  default     = "cron(0 6 ? * * *)"
}

variable "weekly_schedule" {
  description = "Cron expression of the weekly backup (UTC), Sundays by default, two hours after the daily one so the two jobs do not compete for the same resources."
  type        = string
  default     = "cron(0 8 ? * SUN *)"
}

variable "daily_retention_days" {
  description = "Days a daily recovery point is kept. Default: 35 in prod, 7 elsewhere."
  type        = number
  default     = null
}

variable "weekly_retention_days" {
  description = "Days a weekly recovery point is kept. Default: 120 in prod, 28 elsewhere. With cold storage it must be at least weekly_cold_storage_after_days + 90."
  type        = number
  default     = null
}

variable "weekly_cold_storage_after_days" {
  description = "Move weekly recovery points of resource types that support it (EBS/EC2 among them; RDS does not) to cold storage after this many days. Default: 30 in prod, none elsewhere. Use -1 to force no cold storage."
  type        = number
  default     = null
}

variable "kms_key_arn" {
  description = "KMS key of the vault. Null: the AWS managed aws/backup key."
  type        = string
  default     = null
}

variable "copy_to_vault_arn" {
  description = "Vault in another region or account that receives a copy of every weekly recovery point (disaster recovery). Null: no copy."
  type        = string
  default     = null
}

variable "notifications" {
  description = "Send failed/expired backup job events to an SNS topic: { topic_arn = module.monitoring.sns_topic_arn }. The topic policy must let backup.amazonaws.com publish (the monitoring module's does)."
  type = object({
    topic_arn = string
    events    = optional(list(string), ["BACKUP_JOB_FAILED", "BACKUP_JOB_EXPIRED", "RESTORE_JOB_FAILED", "COPY_JOB_FAILED"])
  })
  default = null
}

variable "tags" {
  description = "Tags for every resource of the module and for the recovery points."
  type        = map(string)
  default     = {}
}
