variable "project_name" {
  description = "Project name, used as the prefix of resource names."
  type        = string
}

variable "environment" {
  description = "Deployment environment (dev, staging, prod, ...; prod, production, prd and live count as production). Sets log retention and whether the KMS key is created by default."
  type        = string
}

variable "alert_emails" {
  description = "Email addresses subscribed to the alerts topic. Each recipient must confirm the subscription mail from AWS before alerts arrive. For Slack, the channel's email address works here too."
  type        = list(string)

  validation {
    condition     = length(var.alert_emails) > 0 && alltrue([for e in var.alert_emails : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", e))])
    error_message = "Give at least one valid email address: alarms that notify no one do not close the monitoring gap."
  }
}

variable "https_endpoint" {
  description = "Optional HTTPS endpoint subscribed to the topic. It must speak the SNS HTTP(S) protocol (confirm the subscription, accept SNS JSON): PagerDuty, Opsgenie, or a small Lambda/Function URL that forwards to Slack. A raw Slack incoming-webhook URL does not work (it cannot confirm the subscription nor read the SNS payload); use the channel's email address or AWS Chatbot for Slack."
  type        = string
  default     = null
  sensitive   = true
}

variable "log_retention_days" {
  description = "Retention of the log groups. Default: 30 days in prod, 7 elsewhere."
  type        = number
  default     = null
}

variable "log_group_names" {
  description = "Application log groups to create (name suffix => what goes in it; documentation only). The CloudWatch agent on the instances ships to /<project>/<environment>/<suffix>."
  type        = map(string)
  default = {
    application = "API and web application logs"
    system      = "syslog, user-data and web server logs"
  }
}

variable "enable_kms" {
  description = "Create a customer managed KMS key for the log groups and the SNS topic. Default: true in prod. The key policy lets CloudWatch Logs, CloudWatch alarms and EventBridge use it."
  type        = bool
  default     = null
}

variable "sns_publisher_services" {
  description = "AWS service principals allowed to publish to the alerts topic (and to use its KMS key)."
  type        = list(string)
  default     = ["cloudwatch.amazonaws.com", "events.amazonaws.com", "backup.amazonaws.com"]
}

variable "asg" {
  description = "Auto Scaling group to alarm on, by AutoScalingGroupName (not one instance id: instances come and go). Example: { name = module.asg.asg_name, min_size = 2 }. An object so the alarms can be planned before the group exists."
  type = object({
    name     = string
    min_size = optional(number, 1)
  })
  default = null
}

variable "ec2_instance_ids" {
  description = "Stand-alone instances to alarm on (the single app server before the asg module)."
  type        = list(string)
  default     = []
}

variable "rds" {
  description = "RDS instance to alarm on: { instance_id = <the instance's identifier> }. Thresholds are optional."
  type = object({
    instance_id               = string
    free_storage_bytes        = optional(number, 5368709120) # 5 GiB
    freeable_memory_bytes     = optional(number, 268435456)  # 256 MiB
    max_connections_threshold = optional(number, 80)
    latency_seconds           = optional(number, 0.1)
  })
  default = null
}

variable "alb" {
  description = "ALB to alarm on: { arn_suffix = module.alb.alb_arn_suffix, target_group_arn_suffix = module.alb.target_group_arn_suffix }."
  type = object({
    arn_suffix              = string
    target_group_arn_suffix = string
    response_time_seconds   = optional(number, 1)
    target_5xx_per_5min     = optional(number, 10)
  })
  default = null
}

variable "cpu_threshold_percent" {
  description = "CPU alarm threshold for the instances/ASG and RDS."
  type        = number
  default     = 80
}

variable "enable_agent_metric_alarms" {
  description = "Memory and disk alarms on CloudWatch agent metrics (CWAgent namespace). Only when the agent runs on the instances and publishes mem_used_percent/disk_used_percent with the AutoScalingGroupName or InstanceId dimension."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags for every resource of the module (the provider's default_tags carry the common set)."
  type        = map(string)
  default     = {}
}
