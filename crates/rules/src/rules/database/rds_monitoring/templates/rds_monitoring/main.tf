# ============================================================================
# RDS monitoring
# ============================================================================
# - The Enhanced Monitoring role (monitoring.rds.amazonaws.com with the AWS
#   managed AmazonRDSEnhancedMonitoringRole policy).
# - The log groups RDS exports to, created beforehand so they get a
#   retention (RDS would create them with "never expire"). If exports were
#   already on, import them: /aws/rds/instance/<id>/<type>.
# - The settings the aws_db_instance needs, as an output.
# ============================================================================

data "aws_caller_identity" "current" {}

locals {
  name_prefix = "${var.project_name}-${var.environment}"
  retention   = coalesce(var.log_retention_days, contains(["prod", "production", "prd", "live"], lower(var.environment)) ? 30 : 7)
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["monitoring.rds.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "monitoring" {
  name               = "${local.name_prefix}-rds-enhanced-monitoring"
  description        = "Lets RDS publish Enhanced Monitoring metrics for ${local.name_prefix}"
  assume_role_policy = data.aws_iam_policy_document.assume.json

  tags = merge(var.tags, { Name = "${local.name_prefix}-rds-enhanced-monitoring" })
}

resource "aws_iam_role_policy_attachment" "monitoring" {
  role       = aws_iam_role.monitoring.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
}

resource "aws_cloudwatch_log_group" "exports" {
  for_each = toset(var.enabled_cloudwatch_logs_exports)

  name              = var.cluster_identifier != null ? "/aws/rds/cluster/${var.cluster_identifier}/${each.key}" : "/aws/rds/instance/${var.db_instance_identifier}/${each.key}"
  retention_in_days = local.retention
  kms_key_id        = var.kms_key_arn

  tags = merge(var.tags, { Name = "${coalesce(var.cluster_identifier, var.db_instance_identifier)}-${each.key}" })
}
