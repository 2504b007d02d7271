# ============================================================================
# Settings for the existing aws_db_instance
# (coverage rows 2, 14 and 18; spec 1.2, 4.2 and Phase 3 item 15)
# ============================================================================
# The attributes marked NEW or CHANGED go into modules/rds/main.tf's
# aws_db_instance.this; the unchanged ones are shown for context. The
# variables below become variables of modules/rds, fed from the root:
#   monitoring_role_arn = module.rds_monitoring.monitoring_role_arn
#   multi_az            = var.db_multi_az             (environments/*.tfvars)
#
# Switching an existing instance to an RDS-managed master password is an
# in-place modification: RDS generates a new password, stores it in Secrets
# Manager (master_user_secret[0].secret_arn, pass it to the secrets module)
# and rotates it every 7 days. The app must read it from the secret from then
# on; remove `password`, var.db_password and every place it was passed to
# (user data included).
# ============================================================================

variable "environment" {
  description = "Deployment environment (dev, staging or prod)."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be one of: dev, staging, prod."
  }
}

variable "project_name" {
  description = "Name of the stack (prefix of the database identifier)."
  type        = string
  default     = "app"
}

variable "db_instance_class" {
  description = "Instance class (unchanged variable of modules/rds)."
  type        = string
  default     = "db.t3.micro"
}

variable "db_allocated_storage" {
  description = "Allocated storage in GiB (unchanged variable of modules/rds)."
  type        = number
  default     = 20
}

variable "db_username" {
  description = "Master user name (unchanged; not a secret, the password is)."
  type        = string
  default     = "dbadmin"
}

variable "multi_az" {
  description = "Synchronous standby in a second AZ: automatic failover in 1-2 minutes, and backups and maintenance taken from the standby. Default: true in prod only (it doubles the instance price)."
  type        = bool
  default     = null
}

variable "backup_retention_period" {
  description = "Days of automated backups / point-in-time recovery. Default: 14 in prod, 7 in staging, 1 in dev. Must stay > 0 while read replicas exist."
  type        = number
  default     = null
}

variable "deletion_protection" {
  description = "Refuse DeleteDBInstance. Default: true in prod."
  type        = bool
  default     = null
}

variable "monitoring_role_arn" {
  description = "Enhanced Monitoring role (module.rds_monitoring.monitoring_role_arn). Null turns Enhanced Monitoring off."
  type        = string
  default     = null
}

variable "monitoring_interval" {
  description = "Enhanced Monitoring interval in seconds when monitoring_role_arn is set."
  type        = number
  default     = 60
}

variable "performance_insights_enabled" {
  description = "Performance Insights (7 days free)."
  type        = bool
  default     = true
}

locals {
  is_prod = var.environment == "prod"
}

resource "aws_db_instance" "this" {
  # --- unchanged (abridged) ---
  identifier            = "${var.project_name}-${var.environment}-db"
  engine                = "postgres"
  engine_version        = "16.4"
  instance_class        = var.db_instance_class
  allocated_storage     = var.db_allocated_storage
  max_allocated_storage = var.db_allocated_storage * 5
  storage_type          = "gp3"
  storage_encrypted     = true
  username              = var.db_username
  publicly_accessible   = false

  # --- NEW (row 2): RDS creates, stores and rotates the master password in
  # Secrets Manager. Replaces `password = var.db_password`, which kept the
  # password in tfvars and in plain text in the state.
  manage_master_user_password = true
  # master_user_secret_kms_key_id = "<CMK ARN>" # optional, default aws/secretsmanager

  # --- CHANGED (row 18): Multi-AZ per environment, explicit.
  multi_az = coalesce(var.multi_az, local.is_prod)

  # --- CHANGED: longer point-in-time recovery in prod.
  backup_retention_period = coalesce(var.backup_retention_period, local.is_prod ? 14 : (var.environment == "staging" ? 7 : 1))
  backup_window           = "03:00-04:00"
  maintenance_window      = "sun:04:30-sun:05:30"
  copy_tags_to_snapshot   = true

  # --- unchanged, now driven by variables: protect prod from destroys.
  deletion_protection       = coalesce(var.deletion_protection, local.is_prod)
  skip_final_snapshot       = !local.is_prod
  final_snapshot_identifier = local.is_prod ? "${var.project_name}-${var.environment}-db-final" : null

  # --- NEW (row 14): Performance Insights / Database Insights (standard is
  # free and builds on Performance Insights with 7 days of retention).
  performance_insights_enabled          = var.performance_insights_enabled
  performance_insights_retention_period = var.performance_insights_enabled ? 7 : null
  database_insights_mode                = "standard"

  # --- NEW (row 14): Enhanced Monitoring (OS metrics every minute).
  monitoring_interval = var.monitoring_role_arn == null ? 0 : var.monitoring_interval
  monitoring_role_arn = var.monitoring_role_arn

  # --- NEW (row 14): PostgreSQL and upgrade logs to CloudWatch Logs
  # (log groups with retention: rds_monitoring module).
  enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]

  auto_minor_version_upgrade = true

  # --- unchanged: the existing merge(var.global_tags, { Name = ... }); the
  # provider's default_tags add the cost-allocation set.
  tags = { Name = "${var.project_name}-${var.environment}-db" }
}

output "master_user_secret_arn" {
  description = "ARN of the RDS-managed master user secret (secrets module: rds_master_user_secret_arn)."
  value       = one(aws_db_instance.this.master_user_secret[*].secret_arn)
}
