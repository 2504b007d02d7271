variable "project_name" {
  description = "Project name, used as the prefix of resource names."
  type        = string
}

variable "environment" {
  description = "Deployment environment (dev, staging, prod, ...; prod, production, prd and live count as production). Sets the log retention."
  type        = string
}

variable "scope" {
  description = "REGIONAL: the ACL protects the ALB of alb_arn. CLOUDFRONT: the ACL is for a CloudFront distribution (call the module with a us-east-1 provider; alb_arn stays null)."
  type        = string
  default     = "REGIONAL"

  validation {
    condition     = contains(["REGIONAL", "CLOUDFRONT"], var.scope)
    error_message = "scope is REGIONAL or CLOUDFRONT."
  }
}

variable "alb_arn" {
  description = "ARN of the ALB to protect (module.alb.alb_arn); null with scope CLOUDFRONT."
  type        = string
  default     = null
}

variable "rate_limit" {
  description = "Requests allowed per client IP within rate_limit_window_seconds before it is blocked with HTTP 429."
  type        = number
  default     = 2000

  validation {
    condition     = var.rate_limit >= 10
    error_message = "WAF rate limits start at 10 requests."
  }
}

variable "rate_limit_window_seconds" {
  description = "Evaluation window of the rate limit: 60, 120, 300 or 600 seconds."
  type        = number
  default     = 300

  validation {
    condition     = contains([60, 120, 300, 600], var.rate_limit_window_seconds)
    error_message = "rate_limit_window_seconds must be 60, 120, 300 or 600."
  }
}

variable "health_path" {
  description = "Health check path exempted from the rate limit (external uptime monitors poll it; the ALB's own health checks do not pass through WAF)."
  type        = string
  default     = "/"
}

variable "common_rule_set_count_only" {
  description = "Rules of AWSManagedRulesCommonRuleSet switched from block to count. SizeRestrictions_BODY blocks request bodies over 8 KB, which breaks uploads and large JSON payloads; re-enable it if the app has neither."
  type        = list(string)
  default     = ["SizeRestrictions_BODY"]
}

variable "blocked_country_codes" {
  description = "ISO 3166 alpha-2 country codes to block. Empty (default): no geo rule at all, because a geo match statement with an empty list is rejected by WAF."
  type        = list(string)
  default     = []
}

variable "enable_bot_control" {
  description = "Add the AWS Bot Control managed rule group (COMMON inspection level). Extra cost: $10/month plus $1 per million requests inspected."
  type        = bool
  default     = false
}

variable "log_retention_days" {
  description = "Retention of the WAF log group. Default: 90 days in prod, 14 elsewhere."
  type        = number
  default     = null
}

variable "log_only_blocked_and_counted" {
  description = "Log only requests that a rule blocked or counted, to cut log ingestion on busy sites."
  type        = bool
  default     = false
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
