# ============================================================================
# Secrets
# ============================================================================
# - The database master password is no longer a Terraform variable: the RDS
#   instance sets `manage_master_user_password = true` (the fix sets it) and
#   RDS keeps it in a Secrets Manager secret that it creates and rotates.
#   This module only grants the app read access to that secret.
# - Application secrets (JWT key, encryption key, API keys) live in one JSON
#   secret. Generated values seed it; Terraform never rewrites it afterwards,
#   so rotation or a value set by hand is not reverted on the next apply.
# - A least-privilege policy (GetSecretValue/DescribeSecret on exactly these
#   secrets, kms:Decrypt only through Secrets Manager) is attached to the
#   app's role(s).
# ============================================================================

data "aws_region" "current" {}

locals {
  name_prefix     = "${var.project_name}-${var.environment}"
  recovery_window = coalesce(var.recovery_window_in_days, contains(["prod", "production", "prd", "live"], lower(var.environment)) ? 30 : 7)

  readable_secret_arns = concat(
    [aws_secretsmanager_secret.app.arn],
    var.rds_master_user_secret_arn == null ? [] : [var.rds_master_user_secret_arn],
    var.additional_secret_arns,
  )

  customer_kms_keys = compact(concat(
    [var.kms_key_arn, var.rds_master_user_secret_kms_key_arn],
    var.additional_kms_key_arns,
  ))
}

# One random value per key. Secrets Manager's own generator keeps the module
# on the AWS provider alone. Data sources are read on every plan, but the
# version below ignores changes to its value, so only the first one is used.
data "aws_secretsmanager_random_password" "app" {
  for_each = toset(var.app_secret_keys)

  password_length     = var.generated_secret_length
  exclude_punctuation = true # safe in .env files, URLs and shell
}

resource "aws_secretsmanager_secret" "app" {
  name                    = "${local.name_prefix}/app"
  description             = "Application secrets (JWT signing key, encryption key, API keys) for ${local.name_prefix}"
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = local.recovery_window

  tags = merge(var.tags, { Name = "${local.name_prefix}-app-secrets" })
}

resource "aws_secretsmanager_secret_version" "app" {
  secret_id = aws_secretsmanager_secret.app.id
  secret_string = jsonencode({
    for key in var.app_secret_keys :
    key => lookup(var.app_secret_values, key, data.aws_secretsmanager_random_password.app[key].random_password)
  })

  lifecycle {
    # Seed once. After that the secret is owned by Secrets Manager (rotation,
    # put-secret-value); Terraform must not roll it back.
    ignore_changes = [secret_string]
  }
}

resource "aws_secretsmanager_secret_rotation" "app" {
  count = var.rotation_lambda_arn == null ? 0 : 1

  secret_id           = aws_secretsmanager_secret.app.id
  rotation_lambda_arn = var.rotation_lambda_arn

  rotation_rules {
    automatically_after_days = var.rotation_days
  }
}

# ----------------------------------------------------------------------------
# Least-privilege read policy for the application role
# ----------------------------------------------------------------------------

data "aws_iam_policy_document" "read" {
  statement {
    sid       = "ReadAppSecrets"
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
    resources = local.readable_secret_arns
  }

  # Customer managed keys only (the AWS managed aws/secretsmanager key needs
  # no grant). Decrypt is limited to calls made through Secrets Manager.
  dynamic "statement" {
    for_each = length(local.customer_kms_keys) > 0 ? [1] : []

    content {
      sid       = "DecryptThroughSecretsManager"
      actions   = ["kms:Decrypt"]
      resources = local.customer_kms_keys

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["secretsmanager.${data.aws_region.current.region}.amazonaws.com"]
      }
    }
  }
}

resource "aws_iam_policy" "read" {
  name        = "${local.name_prefix}-app-secrets-read"
  description = "Read the ${local.name_prefix} application secrets and the RDS-managed database secret"
  policy      = data.aws_iam_policy_document.read.json

  tags = merge(var.tags, { Name = "${local.name_prefix}-app-secrets-read" })
}

# count, not for_each: role names may only be known after apply.
resource "aws_iam_role_policy_attachment" "read" {
  count = length(var.app_role_names)

  role       = var.app_role_names[count.index]
  policy_arn = aws_iam_policy.read.arn
}
