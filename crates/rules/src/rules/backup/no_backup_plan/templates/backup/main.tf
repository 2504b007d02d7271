# ============================================================================
# AWS Backup
# ============================================================================
# A vault, a plan with a daily and a weekly rule, a selection covering the
# RDS instance by ARN and the EC2/ASG instances by tag, and the service role.
#
# Lifecycle rule AWS enforces: a recovery point must stay in cold storage at
# least 90 days, so delete_after >= cold_storage_after + 90. The spec's weekly
# rule (cold after 30, delete after 90) is rejected by the API; here the prod
# weekly points go cold after 30 days and are deleted after 120 (30 + 90).
# ============================================================================

data "aws_partition" "current" {}

locals {
  name_prefix = "${var.project_name}-${var.environment}"
  is_prod     = contains(["prod", "production", "prd", "live"], lower(var.environment))

  daily_retention = coalesce(var.daily_retention_days, local.is_prod ? 35 : 7)
  # -1 (or a non-prod default) means no cold storage.
  cold_after = coalesce(var.weekly_cold_storage_after_days, local.is_prod ? 30 : -1)
  use_cold   = local.cold_after > 0
  # Default weekly retention: 120 days in prod = 30 days warm + the 90 days
  # minimum cold storage AWS requires; 4 weeks elsewhere.
  weekly_retention = coalesce(var.weekly_retention_days, local.use_cold ? local.cold_after + 90 : 28)
}

resource "aws_backup_vault" "this" {
  name        = "${local.name_prefix}-vault"
  kms_key_arn = var.kms_key_arn

  tags = merge(var.tags, { Name = "${local.name_prefix}-vault" })
}

resource "aws_backup_plan" "this" {
  name = "${local.name_prefix}-plan"

  rule {
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.this.name
    schedule          = var.daily_schedule
    start_window      = 60  # minutes to start before the job is cancelled
    completion_window = 360 # minutes to finish

    # Daily points stay warm: cold storage would need >= 90 more days.
    lifecycle {
      delete_after = local.daily_retention
    }

    recovery_point_tags = merge(var.tags, { BackupRule = "daily" })
  }

  rule {
    rule_name         = "weekly"
    target_vault_name = aws_backup_vault.this.name
    schedule          = var.weekly_schedule
    start_window      = 60
    completion_window = 720

    lifecycle {
      cold_storage_after = local.use_cold ? local.cold_after : null
      delete_after       = local.weekly_retention
      # Cold storage only for the resource types that support it; others
      # (RDS snapshots) simply stay warm until delete_after.
      opt_in_to_archive_for_supported_resources = local.use_cold ? true : null
    }

    dynamic "copy_action" {
      for_each = var.copy_to_vault_arn == null ? [] : [var.copy_to_vault_arn]

      content {
        destination_vault_arn = copy_action.value

        lifecycle {
          delete_after = local.weekly_retention
        }
      }
    }

    recovery_point_tags = merge(var.tags, { BackupRule = "weekly" })
  }

  lifecycle {
    precondition {
      condition     = !local.use_cold || local.weekly_retention >= local.cold_after + 90
      error_message = "weekly_retention_days must be at least weekly_cold_storage_after_days + 90: AWS keeps cold recovery points at least 90 days."
    }
  }

  tags = merge(var.tags, { Name = "${local.name_prefix}-plan" })
}

# ----------------------------------------------------------------------------
# Service role
# ----------------------------------------------------------------------------

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["backup.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "backup" {
  name               = "${local.name_prefix}-backup"
  description        = "AWS Backup service role for ${local.name_prefix}"
  assume_role_policy = data.aws_iam_policy_document.assume.json

  tags = merge(var.tags, { Name = "${local.name_prefix}-backup" })
}

resource "aws_iam_role_policy_attachment" "backup" {
  for_each = toset([
    "AWSBackupServiceRolePolicyForBackup",
    "AWSBackupServiceRolePolicyForRestores",
  ])

  role       = aws_iam_role.backup.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/${each.key}"
}

# ----------------------------------------------------------------------------
# Selections
# ----------------------------------------------------------------------------

resource "aws_backup_selection" "by_arn" {
  count = length(var.resource_arns) > 0 ? 1 : 0

  name         = "${local.name_prefix}-by-arn"
  plan_id      = aws_backup_plan.this.id
  iam_role_arn = aws_iam_role.backup.arn
  resources    = var.resource_arns
}

# Instances of an Auto Scaling group come and go; a tag follows them.
resource "aws_backup_selection" "by_tag" {
  count = var.selection_tag == null ? 0 : 1

  name         = "${local.name_prefix}-by-tag"
  plan_id      = aws_backup_plan.this.id
  iam_role_arn = aws_iam_role.backup.arn

  selection_tag {
    type  = "STRINGEQUALS"
    key   = var.selection_tag.key
    value = var.selection_tag.value
  }
}

resource "aws_backup_vault_notifications" "this" {
  count = var.notifications == null ? 0 : 1

  backup_vault_name   = aws_backup_vault.this.name
  sns_topic_arn       = var.notifications.topic_arn
  backup_vault_events = var.notifications.events
}
