variable "project_name" {
  description = "Project name, used as the prefix of the bucket and lock table names."
  type        = string
}

variable "bucket_name" {
  description = "Name of the state bucket. Default: <project_name>-terraform-state-<account id> (bucket names are global, the account id keeps them unique)."
  type        = string
  default     = null
}

variable "kms_key_arn" {
  description = "Customer managed KMS key for the state bucket (SSE-KMS). Default null: SSE-S3 (AES256), which costs nothing extra. With a CMK every principal that runs Terraform needs kms:Encrypt/Decrypt/GenerateDataKey on it."
  type        = string
  default     = null
}

variable "noncurrent_version_retention_days" {
  description = "Days an overwritten state version is kept before it expires. Versioning is what lets you roll the state back, so keep this generous."
  type        = number
  default     = 90

  validation {
    condition     = var.noncurrent_version_retention_days >= 1
    error_message = "noncurrent_version_retention_days must be at least 1."
  }
}

variable "create_dynamodb_lock_table" {
  description = "Also create a DynamoDB lock table. Not needed with Terraform >= 1.10, whose S3 backend locks with a lock file in the bucket (use_lockfile = true); the backend's dynamodb_table argument is deprecated. Create it only for older Terraform versions or while migrating."
  type        = bool
  default     = false
}

variable "dynamodb_table_name" {
  description = "Name of the optional lock table. Default: <project_name>-terraform-locks."
  type        = string
  default     = null
}

variable "state_key" {
  description = "Object key the root stack's state will be stored under; only used to render the backend block in the outputs."
  type        = string
  default     = "prod/terraform.tfstate"
}

variable "tags" {
  description = "Tags for every resource of the module (the provider's default_tags carry the common set)."
  type        = map(string)
  default     = {}
}
