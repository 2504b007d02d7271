variable "project_name" {
  description = "Project name, used as the prefix of resource names."
  type        = string
}

variable "environment" {
  description = "Deployment environment (dev, staging, prod, ...; prod, production, prd and live count as production). prod gets Multi-AZ with automatic failover (two nodes), a week of snapshots and a final snapshot."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the cache."
  type        = string
}

variable "private_subnet_ids" {
  description = "Private subnets for the cache subnet group, in at least two Availability Zones for Multi-AZ."
  type        = list(string)
}

variable "app_security_group_id" {
  description = "Security group of the app servers; the only source allowed to reach Redis."
  type        = string
}

variable "engine" {
  description = "redis or valkey. Valkey is the open-source successor supported by ElastiCache at a lower node price and is protocol-compatible with Redis 7 clients."
  type        = string
  default     = "redis"

  validation {
    condition     = contains(["redis", "valkey"], var.engine)
    error_message = "engine must be redis or valkey."
  }
}

variable "engine_version" {
  description = "Engine version (redis: 7.1; valkey: 8.0 ...). The parameter group family is derived from its major version."
  type        = string
  default     = "7.1"
}

variable "node_type" {
  description = "Cache node type. cache.t4g.micro is the smallest current-generation node."
  type        = string
  default     = "cache.t4g.micro"
}

variable "multi_az" {
  description = "Multi-AZ with automatic failover. Default: true in prod. Forces at least two nodes."
  type        = bool
  default     = null
}

variable "num_cache_clusters" {
  description = "Number of nodes (primary + replicas). Default: 2 with Multi-AZ, else 1. Raised to 2 when Multi-AZ is on, since failover needs a replica."
  type        = number
  default     = null
}

variable "port" {
  description = "Redis port."
  type        = number
  default     = 6379
}

variable "kms_key_arn" {
  description = "Customer managed KMS key for encryption at rest and the auth token secret. Null: AWS managed keys."
  type        = string
  default     = null
}

variable "snapshot_retention_days" {
  description = "Days automatic snapshots are kept (0 disables them). Default: 7 in prod, 1 elsewhere."
  type        = number
  default     = null
}

variable "snapshot_window" {
  description = "Daily snapshot window (UTC); must not overlap maintenance_window."
  type        = string
  default     = "03:00-04:00"
}

variable "maintenance_window" {
  description = "Weekly maintenance window (UTC)."
  type        = string
  default     = "sun:05:00-sun:06:00"
}

variable "log_retention_days" {
  description = "Retention of the slow-log and engine-log groups."
  type        = number
  default     = 14
}

variable "parameters" {
  description = "Engine parameters. allkeys-lru suits a cache; use volatile-lru or noeviction if Redis also holds sessions or job queues that must not be evicted."
  type        = map(string)
  default = {
    "maxmemory-policy" = "volatile-lru"
    "timeout"          = "300"
  }
}

variable "notification_topic_arn" {
  description = "SNS topic for ElastiCache events (failover, node replacement), e.g. module.monitoring.sns_topic_arn."
  type        = string
  default     = null
}

variable "apply_immediately" {
  description = "Apply changes now instead of in the maintenance window."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags for every resource of the module (the provider's default_tags carry the common set)."
  type        = map(string)
  default     = {}
}
