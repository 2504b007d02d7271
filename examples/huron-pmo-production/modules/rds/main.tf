# ============================================================================
# RDS Module - PostgreSQL for the Huron PMO platform
# ============================================================================
# Single PostgreSQL 16 instance in the private subnets. Reachable only from
# the app server security group (see modules/vpc). Multi-AZ, deletion
# protection and a final snapshot are switched on for prod only.
# ============================================================================

resource "aws_db_subnet_group" "coherent" {
  name        = "${var.project_name}-${var.environment}-db-subnets"
  description = "Private subnets for ${var.project_name} PostgreSQL"
  subnet_ids  = var.private_subnet_ids

  tags = merge(var.global_tags, {
    Name = "${var.project_name}-${var.environment}-db-subnets"
  })
}

resource "aws_db_instance" "coherent_db" {
  identifier     = "${var.project_name}-${var.environment}-db"
  engine         = "postgres"
  engine_version = "16.4"
  instance_class = var.db_instance_class

  # Storage
  allocated_storage     = var.db_allocated_storage
  max_allocated_storage = var.db_allocated_storage * 5
  storage_type          = "gp3"
  storage_encrypted     = true

  # Credentials
  db_name  = var.db_name
  username = var.db_username
  # tfready: removed password = var.db_password: the master password is managed by RDS in Secrets Manager (manage_master_user_password)
  port = 5432

  # Networking
  db_subnet_group_name   = aws_db_subnet_group.coherent.name
  vpc_security_group_ids = [var.db_security_group_id]
  publicly_accessible    = false
  multi_az               = var.environment == "prod"

  # Backups and maintenance (UTC)
  backup_retention_period    = 7
  backup_window              = "03:00-04:00"
  maintenance_window         = "sun:04:30-sun:05:30"
  auto_minor_version_upgrade = true
  copy_tags_to_snapshot      = true

  # Protect prod from accidental destroys
  deletion_protection       = var.environment == "prod"
  skip_final_snapshot       = var.environment != "prod"
  final_snapshot_identifier = var.environment == "prod" ? "${var.project_name}-${var.environment}-db-final" : null

  tags = merge(var.global_tags, {
    Name = "${var.project_name}-${var.environment}-db"
  })
  manage_master_user_password         = true
  performance_insights_enabled        = true
  monitoring_interval                 = 60
  monitoring_role_arn                 = var.monitoring_role_arn
  enabled_cloudwatch_logs_exports     = ["postgresql", "upgrade"]
  iam_database_authentication_enabled = true
  performance_insights_kms_key_id     = var.performance_insights_kms_key_id
  parameter_group_name                = aws_db_parameter_group.coherent_db.name
}

# Added by `tfready fix`: slow statements (over 1 s) and schema changes go to
# the database log, exported to CloudWatch Logs; clients must use TLS. The
# settings are dynamic, but an instance takes a new parameter group at its
# next reboot.
resource "aws_db_parameter_group" "coherent_db" {
  name_prefix = "${var.project_name}-${var.environment}-db-"
  family      = "postgres16"
  description = "Slow-query and DDL logging, TLS only"

  parameter {
    name  = "log_min_duration_statement"
    value = "1000"
  }

  parameter {
    name  = "log_statement"
    value = "ddl"
  }

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  lifecycle {
    create_before_destroy = true
  }
}
