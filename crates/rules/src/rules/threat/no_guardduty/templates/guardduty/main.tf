# ============================================================================
# GuardDuty
# ============================================================================
# Detector with protection plans managed as aws_guardduty_detector_feature
# resources (the detector's `datasources` block used by the spec is
# deprecated), and findings of at least min_severity forwarded to SNS through
# an EventBridge rule, with a readable message.
#
# One detector per account and region: if GuardDuty is already on, import
# the detector (terraform import ...aws_guardduty_detector.this <detector-id>).
# ============================================================================

data "aws_caller_identity" "current" {}

locals {
  name_prefix = "${var.project_name}-${var.environment}"
  topic_arn   = var.create_sns_topic ? aws_sns_topic.findings[0].arn : var.existing_sns_topic_arn

  # Every plan's status is set explicitly, so a plan enabled by default on a
  # new detector is not left running (and billing) unnoticed.
  features = {
    S3_DATA_EVENTS         = var.enable_s3_protection
    EBS_MALWARE_PROTECTION = var.enable_ebs_malware_protection
    RDS_LOGIN_EVENTS       = var.enable_rds_protection
    LAMBDA_NETWORK_LOGS    = var.enable_lambda_protection
  }
}

resource "aws_guardduty_detector" "this" {
  # checkov:skip=CKV2_AWS_3:single-account stack; organization-wide GuardDuty needs a delegated administrator account, outside this stack
  enable                       = true
  finding_publishing_frequency = var.finding_publishing_frequency

  tags = merge(var.tags, { Name = "${local.name_prefix}-guardduty" })
}

resource "aws_guardduty_detector_feature" "this" {
  for_each = local.features

  detector_id = aws_guardduty_detector.this.id
  name        = each.key
  status      = each.value ? "ENABLED" : "DISABLED"
}

resource "aws_guardduty_detector_feature" "runtime_monitoring" {
  detector_id = aws_guardduty_detector.this.id
  name        = "RUNTIME_MONITORING"
  status      = var.enable_runtime_monitoring ? "ENABLED" : "DISABLED"

  # GuardDuty installs and updates the agent on EC2 through SSM; the stack
  # runs neither EKS nor ECS Fargate.
  additional_configuration {
    name   = "EC2_AGENT_MANAGEMENT"
    status = var.enable_runtime_monitoring ? "ENABLED" : "DISABLED"
  }

  additional_configuration {
    name   = "EKS_ADDON_MANAGEMENT"
    status = "DISABLED"
  }

  additional_configuration {
    name   = "ECS_FARGATE_AGENT_MANAGEMENT"
    status = "DISABLED"
  }
}

# ----------------------------------------------------------------------------
# Findings -> EventBridge -> SNS
# ----------------------------------------------------------------------------

resource "aws_sns_topic" "findings" {
  count = var.create_sns_topic ? 1 : 0

  name              = "${local.name_prefix}-guardduty-findings"
  kms_master_key_id = var.kms_key_arn

  tags = merge(var.tags, { Name = "${local.name_prefix}-guardduty-findings" })
}

data "aws_iam_policy_document" "findings" {
  count = var.create_sns_topic ? 1 : 0

  statement {
    sid = "OwnerAccount"
    actions = [
      "SNS:GetTopicAttributes",
      "SNS:SetTopicAttributes",
      "SNS:AddPermission",
      "SNS:RemovePermission",
      "SNS:DeleteTopic",
      "SNS:Subscribe",
      "SNS:ListSubscriptionsByTopic",
      "SNS:Publish",
    ]
    resources = [aws_sns_topic.findings[0].arn]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "StringEquals"
      variable = "AWS:SourceOwner"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }

  # EventBridge may publish, for this rule only.
  statement {
    sid       = "EventBridgePublish"
    actions   = ["SNS:Publish"]
    resources = [aws_sns_topic.findings[0].arn]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_cloudwatch_event_rule.findings.arn]
    }
  }
}

resource "aws_sns_topic_policy" "findings" {
  count = var.create_sns_topic ? 1 : 0

  arn    = aws_sns_topic.findings[0].arn
  policy = data.aws_iam_policy_document.findings[0].json
}

resource "aws_sns_topic_subscription" "email" {
  for_each = var.create_sns_topic ? toset(var.alert_emails) : toset([])

  topic_arn = aws_sns_topic.findings[0].arn
  protocol  = "email"
  endpoint  = each.value
}

resource "aws_cloudwatch_event_rule" "findings" {
  name        = "${local.name_prefix}-guardduty-findings"
  description = "GuardDuty findings of severity >= ${var.min_severity}"

  event_pattern = jsonencode({
    source        = ["aws.guardduty"]
    "detail-type" = ["GuardDuty Finding"]
    detail = {
      severity = [{ numeric = [">=", var.min_severity] }]
    }
  })

  tags = merge(var.tags, { Name = "${local.name_prefix}-guardduty-findings" })
}

resource "aws_cloudwatch_event_target" "sns" {
  rule      = aws_cloudwatch_event_rule.findings.name
  target_id = "guardduty-to-sns"
  arn       = local.topic_arn

  # A one-line summary instead of the raw JSON event in the mail.
  input_transformer {
    input_paths = {
      severity = "$.detail.severity"
      type     = "$.detail.type"
      title    = "$.detail.title"
      account  = "$.detail.accountId"
      region   = "$.region"
      id       = "$.detail.id"
    }
    input_template = "\"GuardDuty finding (severity <severity>) in <account>/<region>: <type> - <title>. https://console.aws.amazon.com/guardduty/home?region=<region>#/findings?search=id%3D<id>\""
  }

  depends_on = [aws_sns_topic_policy.findings]

  lifecycle {
    precondition {
      condition     = var.create_sns_topic || var.existing_sns_topic_arn != null
      error_message = "Set existing_sns_topic_arn when create_sns_topic = false."
    }
  }
}
