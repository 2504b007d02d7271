# ============================================================================
# VPC flow logs
# ============================================================================
# Flow log of the whole VPC to a CloudWatch log group with retention. The
# delivery role can only be assumed by the flow logs service on behalf of
# this account and only writes to this one log group (the spec's policy
# allowed logs:* actions on "*").
# ============================================================================

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}

locals {
  name_prefix = "${var.project_name}-${var.environment}"
  retention   = coalesce(var.retention_in_days, contains(["prod", "production", "prd", "live"], lower(var.environment)) ? 90 : 14)
  account_id  = data.aws_caller_identity.current.account_id
}

resource "aws_cloudwatch_log_group" "flow" {
  name              = "/aws/vpc-flow-logs/${local.name_prefix}"
  retention_in_days = local.retention
  kms_key_id        = var.kms_key_arn

  tags = merge(var.tags, { Name = "${local.name_prefix}-flow-logs" })
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["vpc-flow-logs.amazonaws.com"]
    }

    # Confused-deputy protection: only flow logs of this account.
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${data.aws_partition.current.partition}:ec2:${data.aws_region.current.region}:${local.account_id}:vpc-flow-log/*"]
    }
  }
}

resource "aws_iam_role" "flow" {
  name               = "${local.name_prefix}-vpc-flow-logs"
  description        = "Delivers ${local.name_prefix} VPC flow logs to CloudWatch Logs"
  assume_role_policy = data.aws_iam_policy_document.assume.json

  tags = merge(var.tags, { Name = "${local.name_prefix}-vpc-flow-logs" })
}

data "aws_iam_policy_document" "deliver" {
  statement {
    sid = "WriteToTheFlowLogGroup"
    actions = [
      "logs:CreateLogStream",
      "logs:PutLogEvents",
      "logs:DescribeLogStreams",
    ]
    resources = [
      aws_cloudwatch_log_group.flow.arn,
      "${aws_cloudwatch_log_group.flow.arn}:*",
    ]
  }

  # The service checks that the group exists; DescribeLogGroups cannot be
  # scoped to one group.
  statement {
    sid       = "DescribeLogGroups"
    actions   = ["logs:DescribeLogGroups"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "deliver" {
  name   = "deliver-to-flow-log-group"
  role   = aws_iam_role.flow.id
  policy = data.aws_iam_policy_document.deliver.json
}

resource "aws_flow_log" "vpc" {
  vpc_id                   = var.vpc_id
  traffic_type             = var.traffic_type
  log_destination_type     = "cloud-watch-logs"
  log_destination          = aws_cloudwatch_log_group.flow.arn
  iam_role_arn             = aws_iam_role.flow.arn
  max_aggregation_interval = var.max_aggregation_interval
  log_format               = var.log_format

  tags = merge(var.tags, { Name = "${local.name_prefix}-vpc-flow-log" })
}
