# ============================================================================
# AWS Config
# ============================================================================
# Configuration recorder (all supported resource types), delivery channel to
# a dedicated S3 bucket whose policy lets config.amazonaws.com check and
# write it for this account only, recorder status (on), the service role with
# the AWS managed AWS_ConfigRole policy, and a few managed rules that keep
# the fixes tfready wrote from regressing.
#
# One recorder and one delivery channel per account and region: import them
# if Config was switched on before.
# ============================================================================

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  name_prefix = "${var.project_name}-${var.environment}"
  account_id  = data.aws_caller_identity.current.account_id
  partition   = data.aws_partition.current.partition
  bucket_name = "${local.name_prefix}-config-${local.account_id}"
  retention   = coalesce(var.history_retention_days, contains(["prod", "production", "prd", "live"], lower(var.environment)) ? 730 : 90)
  object_arn  = "${aws_s3_bucket.config.arn}/${var.s3_key_prefix}/AWSLogs/${local.account_id}/Config/*"
}

# ----------------------------------------------------------------------------
# Delivery bucket
# ----------------------------------------------------------------------------

# tfready:ignore s3-no-versioning Config writes each snapshot and history file once; retention is handled by lifecycle
resource "aws_s3_bucket" "config" {
  # checkov:skip=CKV_AWS_21:Config writes each file once and lifecycle expires them (see the tfready:ignore above)
  # checkov:skip=CKV_AWS_145:SSE-S3; SSE-KMS would need a key policy for config.amazonaws.com and adds no control beyond the bucket policy here
  # checkov:skip=CKV_AWS_18:written only by config.amazonaws.com under a bucket policy scoped to this account; server access logs would need another bucket
  # checkov:skip=CKV_AWS_144:Config history of one account and region; a second-region copy is not worth a second bucket here
  # checkov:skip=CKV2_AWS_62:nothing consumes events for new Config snapshots
  bucket = local.bucket_name

  tags = merge(var.tags, { Name = local.bucket_name })
}

resource "aws_s3_bucket_ownership_controls" "config" {
  bucket = aws_s3_bucket.config.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "config" {
  bucket = aws_s3_bucket.config.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "config" {
  bucket = aws_s3_bucket.config.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "config" {
  bucket = aws_s3_bucket.config.id

  rule {
    id     = "expire-config-history"
    status = "Enabled"

    filter {}

    expiration {
      days = local.retention
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

# The policy AWS Config needs (its documented bucket policy), limited to
# this account with aws:SourceAccount, plus TLS only.
data "aws_iam_policy_document" "bucket" {
  statement {
    sid       = "AWSConfigBucketPermissionsCheck"
    actions   = ["s3:GetBucketAcl"]
    resources = [aws_s3_bucket.config.arn]

    principals {
      type        = "Service"
      identifiers = ["config.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }

  statement {
    sid       = "AWSConfigBucketExistenceCheck"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.config.arn]

    principals {
      type        = "Service"
      identifiers = ["config.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }

  statement {
    sid       = "AWSConfigBucketDelivery"
    actions   = ["s3:PutObject"]
    resources = [local.object_arn]

    principals {
      type        = "Service"
      identifiers = ["config.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "s3:x-amz-acl"
      values   = ["bucket-owner-full-control"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }

  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.config.arn,
      "${aws_s3_bucket.config.arn}/*",
    ]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "config" {
  bucket = aws_s3_bucket.config.id
  policy = data.aws_iam_policy_document.bucket.json

  depends_on = [aws_s3_bucket_public_access_block.config]
}

# ----------------------------------------------------------------------------
# Service role
# ----------------------------------------------------------------------------

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["config.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "config" {
  name               = "${local.name_prefix}-aws-config"
  description        = "AWS Config recorder role for ${local.name_prefix}"
  assume_role_policy = data.aws_iam_policy_document.assume.json

  tags = merge(var.tags, { Name = "${local.name_prefix}-aws-config" })
}

# Read access to resource configurations.
resource "aws_iam_role_policy_attachment" "config" {
  role       = aws_iam_role.config.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AWS_ConfigRole"
}

# Write access to the delivery bucket (AWS_ConfigRole has none).
data "aws_iam_policy_document" "delivery" {
  statement {
    actions   = ["s3:PutObject", "s3:PutObjectAcl"]
    resources = [local.object_arn]

    condition {
      test     = "StringLike"
      variable = "s3:x-amz-acl"
      values   = ["bucket-owner-full-control"]
    }
  }

  statement {
    actions   = ["s3:GetBucketAcl"]
    resources = [aws_s3_bucket.config.arn]
  }
}

resource "aws_iam_role_policy" "delivery" {
  name   = "deliver-to-config-bucket"
  role   = aws_iam_role.config.id
  policy = data.aws_iam_policy_document.delivery.json
}

# ----------------------------------------------------------------------------
# Recorder, delivery channel, status
# ----------------------------------------------------------------------------

resource "aws_config_configuration_recorder" "this" {
  name     = var.recorder_name
  role_arn = aws_iam_role.config.arn

  recording_group {
    all_supported                 = true
    include_global_resource_types = var.include_global_resource_types
  }

  recording_mode {
    recording_frequency = var.recording_frequency
  }
}

resource "aws_config_delivery_channel" "this" {
  name           = var.recorder_name
  s3_bucket_name = aws_s3_bucket.config.id
  s3_key_prefix  = var.s3_key_prefix
  sns_topic_arn  = var.sns_topic_arn

  snapshot_delivery_properties {
    delivery_frequency = "TwentyFour_Hours"
  }

  # Config test-writes to the bucket when the channel is created.
  depends_on = [
    aws_config_configuration_recorder.this,
    aws_s3_bucket_policy.config,
    aws_iam_role_policy.delivery,
  ]
}

resource "aws_config_configuration_recorder_status" "this" {
  name       = aws_config_configuration_recorder.this.name
  is_enabled = true

  depends_on = [aws_config_delivery_channel.this]
}

resource "aws_config_config_rule" "managed" {
  for_each = var.managed_rules

  name        = "${local.name_prefix}-${each.key}"
  description = "AWS managed rule ${each.value}"

  source {
    owner             = "AWS"
    source_identifier = each.value
  }

  tags = merge(var.tags, { Name = "${local.name_prefix}-${each.key}" })

  depends_on = [aws_config_configuration_recorder_status.this]
}
