# ============================================================================
# Terraform state backend bootstrap
# ============================================================================
# Creates the S3 bucket that holds the stack's state, hardened the way a file
# full of secrets deserves: versioned (roll back a bad apply), encrypted,
# private (public access block + bucket-owner-enforced ownership, so no ACLs)
# and reachable over TLS only. Locking uses S3 native lock files
# (`use_lockfile = true`, Terraform >= 1.10); a DynamoDB table is optional.
#
# Apply this module from its own small root with local state BEFORE switching
# the stack's backend (the bucket cannot hold the state of the configuration
# that creates it without a chicken-and-egg migration). See README.md.
# ============================================================================

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}

locals {
  bucket_name = coalesce(var.bucket_name, "${var.project_name}-terraform-state-${data.aws_caller_identity.current.account_id}")
  table_name  = coalesce(var.dynamodb_table_name, "${var.project_name}-terraform-locks")
}

resource "aws_s3_bucket" "state" {
  bucket = local.bucket_name

  # Never let a `terraform destroy` of the bootstrap root take the state of
  # every environment with it. Remove this line deliberately if you really
  # mean to delete the bucket.
  lifecycle {
    prevent_destroy = true
  }

  tags = merge(var.tags, { Name = local.bucket_name })
}

resource "aws_s3_bucket_ownership_controls" "state" {
  bucket = aws_s3_bucket.state.id

  rule {
    object_ownership = "BucketOwnerEnforced" # ACLs disabled
  }
}

resource "aws_s3_bucket_public_access_block" "state" {
  bucket = aws_s3_bucket.state.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "state" {
  bucket = aws_s3_bucket.state.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "state" {
  bucket = aws_s3_bucket.state.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = var.kms_key_arn == null ? "AES256" : "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
    # S3 bucket keys cut KMS request costs; harmless with SSE-S3.
    bucket_key_enabled = var.kms_key_arn != null
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "state" {
  bucket = aws_s3_bucket.state.id

  rule {
    id     = "expire-old-state-versions"
    status = "Enabled"

    filter {} # whole bucket

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_retention_days
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  # Lifecycle rules on a bucket that is not versioned yet behave differently.
  depends_on = [aws_s3_bucket_versioning.state]
}

data "aws_iam_policy_document" "state" {
  # Refuse every request that does not use TLS ...
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.state.arn,
      "${aws_s3_bucket.state.arn}/*",
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

  # ... and TLS older than 1.2.
  statement {
    sid     = "DenyOutdatedTLS"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.state.arn,
      "${aws_s3_bucket.state.arn}/*",
    ]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "NumericLessThan"
      variable = "s3:TlsVersion"
      values   = ["1.2"]
    }
  }
}

resource "aws_s3_bucket_policy" "state" {
  bucket = aws_s3_bucket.state.id
  policy = data.aws_iam_policy_document.state.json

  # The public access block must exist first or S3 may reject the policy
  # call while the account-level defaults are being applied.
  depends_on = [aws_s3_bucket_public_access_block.state]
}

# Optional legacy lock table (Terraform < 1.10, or during a migration).
resource "aws_dynamodb_table" "locks" {
  count = var.create_dynamodb_lock_table ? 1 : 0

  name         = local.table_name
  billing_mode = "PAY_PER_REQUEST" # a few requests per apply: cents a month
  hash_key     = "LockID"

  attribute {
    name = "LockID"
    type = "S"
  }

  # DynamoDB always encrypts at rest (AWS owned key, free); switch to the
  # customer managed key only when one is given.
  server_side_encryption {
    enabled     = var.kms_key_arn != null
    kms_key_arn = var.kms_key_arn
  }

  point_in_time_recovery {
    enabled = true
  }

  deletion_protection_enabled = true

  tags = merge(var.tags, { Name = local.table_name })
}
