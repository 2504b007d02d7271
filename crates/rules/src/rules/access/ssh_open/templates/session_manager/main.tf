# ============================================================================
# Session Manager instead of SSH
# ============================================================================
# Shell access through SSM: no port 22, no key pair, every session tied to
# an IAM identity in CloudTrail and, with logging on, its transcript in
# CloudWatch Logs. The fix removes the SSH ingress rule and the key_name /
# key pair from the stack (rules TFR151, TFR152); this module gives the
# instance role what Session Manager needs.
# ============================================================================

locals {
  name_prefix = "${var.project_name}-${var.environment}"
  retention   = coalesce(var.log_retention_days, contains(["prod", "production", "prd", "live"], lower(var.environment)) ? 365 : 30)
}

# ----------------------------------------------------------------------------
# The instances' role, when they have none
# ----------------------------------------------------------------------------

data "aws_iam_policy_document" "assume_ec2" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "instance" {
  count = var.instance_role_name == null ? 1 : 0

  name_prefix        = "${local.name_prefix}-instance-"
  assume_role_policy = data.aws_iam_policy_document.assume_ec2.json

  tags = merge(var.tags, { Name = "${local.name_prefix}-instance" })
}

resource "aws_iam_instance_profile" "instance" {
  count = var.instance_role_name == null ? 1 : 0

  name_prefix = "${local.name_prefix}-instance-"
  role        = aws_iam_role.instance[0].name

  tags = merge(var.tags, { Name = "${local.name_prefix}-instance" })
}

locals {
  role_name = coalesce(var.instance_role_name, try(aws_iam_role.instance[0].name, null))
}

resource "aws_iam_role_policy_attachment" "ssm_core" {
  count = var.attach_ssm_core_policy ? 1 : 0

  role       = local.role_name
  policy_arn = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

# ----------------------------------------------------------------------------
# Session logging
# ----------------------------------------------------------------------------

resource "aws_cloudwatch_log_group" "sessions" {
  count = var.enable_session_logging ? 1 : 0

  name              = "/aws/ssm/sessions/${local.name_prefix}"
  retention_in_days = local.retention
  kms_key_id        = var.log_kms_key_arn

  tags = merge(var.tags, { Name = "${local.name_prefix}-ssm-sessions" })
}

# The SSM agent on the instance writes the transcript with the instance
# role's credentials.
data "aws_iam_policy_document" "session_logging" {
  count = var.enable_session_logging ? 1 : 0

  statement {
    sid = "WriteSessionLogs"
    actions = [
      "logs:CreateLogStream",
      "logs:PutLogEvents",
      "logs:DescribeLogStreams",
    ]
    resources = [
      aws_cloudwatch_log_group.sessions[0].arn,
      "${aws_cloudwatch_log_group.sessions[0].arn}:*",
    ]
  }

  # The agent checks the group's encryption setting before streaming; this
  # call cannot be scoped to one group.
  statement {
    sid       = "DescribeLogGroups"
    actions   = ["logs:DescribeLogGroups"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "session_logging" {
  count = var.enable_session_logging ? 1 : 0

  name   = "ssm-session-logging"
  role   = local.role_name
  policy = data.aws_iam_policy_document.session_logging[0].json
}

# Account/region-wide Session Manager preferences (what the console's
# "Preferences" page edits).
resource "aws_ssm_document" "session_preferences" {
  count = var.enable_session_logging && var.manage_session_preferences ? 1 : 0

  name            = "SSM-SessionManagerRunShell"
  document_type   = "Session"
  document_format = "JSON"

  content = jsonencode({
    schemaVersion = "1.0"
    description   = "Session Manager preferences (managed by Terraform, ${local.name_prefix})"
    sessionType   = "Standard_Stream"
    inputs = {
      cloudWatchLogGroupName      = aws_cloudwatch_log_group.sessions[0].name
      cloudWatchEncryptionEnabled = var.log_kms_key_arn != null
      cloudWatchStreamingEnabled  = true
      s3BucketName                = ""
      s3KeyPrefix                 = ""
      s3EncryptionEnabled         = true
      kmsKeyId                    = ""
      runAsEnabled                = false
      runAsDefaultUser            = ""
      idleSessionTimeout          = tostring(var.idle_session_timeout_minutes)
      maxSessionDuration          = ""
      shellProfile = {
        linux   = ""
        windows = ""
      }
    }
  })

  tags = merge(var.tags, { Name = "SSM-SessionManagerRunShell" })
}
