variable "project_name" {
  description = "Project name, used as the prefix of resource names."
  type        = string
}

variable "environment" {
  description = "Deployment environment (dev, staging, prod, ...; prod, production, prd and live count as production). prod turns on deletion protection and keeps access logs longer."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the load balancer and its targets."
  type        = string
}

variable "public_subnet_ids" {
  description = "Public subnets in at least two Availability Zones."
  type        = list(string)

  validation {
    condition     = length(var.public_subnet_ids) >= 2
    error_message = "An ALB needs subnets in at least two Availability Zones."
  }
}

variable "certificate_arn" {
  description = "ACM certificate for the HTTPS listener (module.acm.certificate_arn), in the ALB's region."
  type        = string
}

variable "app_security_group_id" {
  description = "Security group of the targets. The ALB may only send traffic to it; the matching ingress rule on the app side is the sg_hardening module. Null: egress to the VPC CIDR instead."
  type        = string
  default     = null
}

variable "target_port" {
  description = "Port the targets serve HTTP on."
  type        = number
  default     = 80
}

variable "health_path" {
  description = "Health check path of the application (tfready fix sets the stack's, or `health-path` of .tfready.toml; AWS's default is /)."
  type        = string
  default     = "/"
}

variable "health_check_matcher" {
  description = "HTTP codes that count as healthy."
  type        = string
  default     = "200"
}

variable "target_instance_ids" {
  description = "Instances to register in the target group (the single app server before the asg module). Leave empty when an Auto Scaling group registers itself through target_group_arns."
  type        = list(string)
  default     = []
}

variable "ssl_policy" {
  description = "TLS policy of the HTTPS listener. TLS 1.3 policies only; ELBSecurityPolicy-TLS13-1-2-Res-2021-06 drops the remaining CBC ciphers if no old clients need them."
  type        = string
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"

  validation {
    condition     = startswith(var.ssl_policy, "ELBSecurityPolicy-TLS13-")
    error_message = "ssl_policy must be a TLS 1.3 policy (ELBSecurityPolicy-TLS13-...)."
  }
}

variable "hsts_header_value" {
  description = "Strict-Transport-Security header the HTTPS listener adds to responses. Null to leave responses untouched."
  type        = string
  default     = "max-age=31536000"
}

variable "ingress_cidr_blocks" {
  description = "IPv4 ranges allowed to reach the listeners."
  type        = list(string)
  default     = ["0.0.0.0/0"]
}

variable "idle_timeout" {
  description = "Idle connection timeout in seconds."
  type        = number
  default     = 60
}

variable "deregistration_delay" {
  description = "Seconds the ALB lets in-flight requests finish on a deregistering target."
  type        = number
  default     = 30
}

variable "stickiness_enabled" {
  description = "Enable lb_cookie stickiness. Off by default: sessions belong in Redis (elasticache module), and stickiness defeats the spreading of load over new ASG instances."
  type        = bool
  default     = false
}

variable "deletion_protection" {
  description = "Deletion protection. Default: on in prod only."
  type        = bool
  default     = null
}

variable "access_logs_enabled" {
  description = "Write access logs to S3."
  type        = bool
  default     = true
}

variable "access_logs_bucket_name" {
  description = "Existing bucket for the access logs; it must already grant ELB log delivery. Default null: the module creates a dedicated bucket with the policy ELB needs."
  type        = string
  default     = null
}

variable "access_logs_prefix" {
  description = "Key prefix of the access logs in the bucket."
  type        = string
  default     = "alb"
}

variable "access_logs_retention_days" {
  description = "Days access logs are kept in the module's bucket. Default: 90 in prod, 30 elsewhere."
  type        = number
  default     = null
}

variable "use_legacy_elb_account_principal" {
  description = "Also grant the regional Elastic Load Balancing account (data source aws_elb_service_account) in the log bucket policy. Only for a region or partition where the logdelivery.elasticloadbalancing.amazonaws.com service principal is not accepted yet."
  type        = bool
  default     = false
}

variable "hosted_zone_id" {
  description = "Route 53 zone for the alias records in dns_names. Null: no records."
  type        = string
  default     = null
}

variable "dns_names" {
  description = "Fully qualified names to point at the ALB with Route 53 alias records (e.g. [\"app.example.com\"]); this replaces the A record to the Elastic IP. Requires hosted_zone_id."
  type        = list(string)
  default     = []
}

variable "tags" {
  description = "Tags for every resource of the module (the provider's default_tags carry the common set)."
  type        = map(string)
  default     = {}
}
