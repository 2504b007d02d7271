variable "project_name" {
  description = "Project name, used as the prefix of secret names."
  type        = string
}

variable "environment" {
  description = "Deployment environment (dev, staging, prod, ...; prod, production, prd and live count as production). prod keeps deleted secrets recoverable for 30 days instead of 7."
  type        = string
}

variable "app_secret_keys" {
  description = "Keys of the application secret (one JSON document). Each key gets a generated random value on creation; values that cannot be generated (third-party API keys) are set afterwards with `aws secretsmanager put-secret-value` and are never overwritten by Terraform."
  type        = list(string)
  default     = []
}

variable "app_secret_values" {
  description = "Initial values for some app_secret_keys, for a one-time migration of secrets that exist today. Pass them through TF_VAR_app_secret_values in the environment of the apply, never in a *.tfvars file. Only the first version uses them (later changes are ignored)."
  type        = map(string)
  default     = {}
  sensitive   = true
}

variable "generated_secret_length" {
  description = "Length of the generated values."
  type        = number
  default     = 48
}

variable "kms_key_arn" {
  description = "Customer managed KMS key for the app secret. Default null: the AWS managed key aws/secretsmanager (free)."
  type        = string
  default     = null
}

variable "recovery_window_in_days" {
  description = "Days a deleted secret stays recoverable (7-30). Default: 30 in prod, 7 elsewhere."
  type        = number
  default     = null
}

variable "rds_master_user_secret_arn" {
  description = "ARN of the RDS-managed master user secret: aws_db_instance.<name>.master_user_secret[0].secret_arn once the instance has manage_master_user_password = true (the fix sets it). RDS creates and rotates that secret; this module only grants the app role read access to it."
  type        = string
  default     = null
}

variable "rds_master_user_secret_kms_key_arn" {
  description = "KMS key of the RDS-managed secret when the instance sets master_user_secret_kms_key_id to a customer managed key (master_user_secret[0].kms_key_id). Null for the default AWS managed key."
  type        = string
  default     = null
}

variable "additional_secret_arns" {
  description = "Other secrets the app role may read (e.g. the ElastiCache auth token secret of the elasticache module)."
  type        = list(string)
  default     = []
}

variable "additional_kms_key_arns" {
  description = "Customer managed KMS keys of additional_secret_arns, if any."
  type        = list(string)
  default     = []
}

variable "app_role_names" {
  description = "IAM roles of the application (the instances' role names). The read policy is attached to each."
  type        = list(string)
  default     = []
}

variable "rotation_lambda_arn" {
  description = "ARN of a rotation Lambda for the app secret. Rotation is only configured when a real function is given: app secrets such as JWT signing keys need app-specific rotation logic. The RDS-managed master password is rotated by RDS itself (every 7 days by default)."
  type        = string
  default     = null
}

variable "rotation_days" {
  description = "Rotation interval of the app secret when rotation_lambda_arn is set."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags for every resource of the module (the provider's default_tags carry the common set)."
  type        = map(string)
  default     = {}
}
