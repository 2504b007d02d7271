# ============================================================================
# Monitoring and alerting
# ============================================================================
# One alerts topic (email, optional HTTPS endpoint), log groups with
# retention, alarms for the compute (Auto Scaling group by name, or single
# instances), RDS and the ALB, a dashboard, and optionally one customer
# managed KMS key for the log groups and the topic whose key policy lets the
# services that must use it do so.
# ============================================================================

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}

locals {
  name_prefix   = "${var.project_name}-${var.environment}"
  account_id    = data.aws_caller_identity.current.account_id
  region        = data.aws_region.current.region
  partition     = data.aws_partition.current.partition
  kms_enabled   = coalesce(var.enable_kms, contains(["prod", "production", "prd", "live"], lower(var.environment)))
  kms_key_arn   = local.kms_enabled ? aws_kms_key.this[0].arn : null
  retention     = coalesce(var.log_retention_days, contains(["prod", "production", "prd", "live"], lower(var.environment)) ? 30 : 7)
  alarm_actions = [aws_sns_topic.alerts.arn]
}

# ----------------------------------------------------------------------------
# Optional KMS key (log groups + SNS topic)
# ----------------------------------------------------------------------------

data "aws_iam_policy_document" "kms" {
  # checkov:skip=CKV_AWS_109:key policy: Resource "*" is this key; the root statement is AWS's default that delegates key administration to IAM
  # checkov:skip=CKV_AWS_111:key policy: Resource "*" is this key; the EventBridge/Backup grant has no source condition those services are documented to send
  # checkov:skip=CKV_AWS_356:key policy: Resource "*" is this key, the only resource a key policy can name
  count = local.kms_enabled ? 1 : 0

  # Without this statement nobody, not even the account's admins, could
  # manage the key: KMS key policies are not additive to IAM by default.
  statement {
    sid       = "AccountAdministration"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${local.partition}:iam::${local.account_id}:root"]
    }
  }

  # CloudWatch Logs encrypts log groups with the key; restricted to log
  # groups of this account and region (other modules may reuse the key for
  # WAF, flow and session logs).
  statement {
    sid = "CloudWatchLogs"
    actions = [
      "kms:Encrypt*",
      "kms:Decrypt*",
      "kms:ReEncrypt*",
      "kms:GenerateDataKey*",
      "kms:Describe*",
    ]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["logs.${local.region}.amazonaws.com"]
    }

    condition {
      test     = "ArnLike"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = ["arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:*"]
    }
  }

  # An encrypted SNS topic only receives messages from AWS services that may
  # use its key: CloudWatch alarms, EventBridge rules, AWS Backup. Without
  # this, alarms fire but their notifications are silently dropped.
  # CloudWatch alarms carry aws:SourceAccount on the KMS request, so their
  # grant is limited to alarms of this account (confused deputy).
  dynamic "statement" {
    for_each = contains(var.sns_publisher_services, "cloudwatch.amazonaws.com") ? [1] : []

    content {
      sid       = "CloudWatchAlarmsPublishingToEncryptedTopics"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
      resources = ["*"]

      principals {
        type        = "Service"
        identifiers = ["cloudwatch.amazonaws.com"]
      }

      condition {
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [local.account_id]
      }
    }
  }

  # The others stay unconditioned: AWS documents that EventBridge's KMS
  # requests do not carry aws:SourceAccount / aws:SourceArn (nor is it
  # documented for AWS Backup), and a condition the request does not carry
  # silently drops every notification.
  dynamic "statement" {
    for_each = length(setsubtract(var.sns_publisher_services, ["cloudwatch.amazonaws.com"])) > 0 ? [1] : []

    content {
      sid       = "ServicesPublishingToEncryptedTopics"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
      resources = ["*"]

      principals {
        type        = "Service"
        identifiers = sort(setsubtract(var.sns_publisher_services, ["cloudwatch.amazonaws.com"]))
      }
    }
  }
}

resource "aws_kms_key" "this" {
  count = local.kms_enabled ? 1 : 0

  description             = "${local.name_prefix} monitoring: CloudWatch Logs and SNS alerts"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.kms[0].json

  tags = merge(var.tags, { Name = "${local.name_prefix}-monitoring" })
}

resource "aws_kms_alias" "this" {
  count = local.kms_enabled ? 1 : 0

  name          = "alias/${local.name_prefix}-monitoring"
  target_key_id = aws_kms_key.this[0].key_id
}

# ----------------------------------------------------------------------------
# Log groups
# ----------------------------------------------------------------------------

resource "aws_cloudwatch_log_group" "this" {
  for_each = var.log_group_names

  name              = "/${var.project_name}/${var.environment}/${each.key}"
  retention_in_days = local.retention
  kms_key_id        = local.kms_key_arn

  tags = merge(var.tags, { Name = "${local.name_prefix}-${each.key}" })
}

# ----------------------------------------------------------------------------
# Alerts topic
# ----------------------------------------------------------------------------

# Without a customer managed key the topic stays unencrypted on purpose: the
# AWS managed alias/aws/sns key cannot be used by CloudWatch alarms.
resource "aws_sns_topic" "alerts" {
  name              = "${local.name_prefix}-alerts"
  kms_master_key_id = local.kms_key_arn

  tags = merge(var.tags, { Name = "${local.name_prefix}-alerts" })
}

data "aws_iam_policy_document" "alerts" {
  # What the default topic policy grants: the owning account manages it.
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
    resources = [aws_sns_topic.alerts.arn]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "StringEquals"
      variable = "AWS:SourceOwner"
      values   = [local.account_id]
    }
  }

  # AWS services publishing on behalf of this account only.
  statement {
    sid       = "AWSServicesPublish"
    actions   = ["SNS:Publish"]
    resources = [aws_sns_topic.alerts.arn]

    principals {
      type        = "Service"
      identifiers = var.sns_publisher_services
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_sns_topic_policy" "alerts" {
  arn    = aws_sns_topic.alerts.arn
  policy = data.aws_iam_policy_document.alerts.json
}

resource "aws_sns_topic_subscription" "email" {
  for_each = toset(var.alert_emails)

  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "email"
  endpoint  = each.value
}

resource "aws_sns_topic_subscription" "https" {
  # The endpoint is sensitive (it may carry a token); only whether it is set
  # decides the count.
  count = nonsensitive(var.https_endpoint != null) ? 1 : 0

  topic_arn              = aws_sns_topic.alerts.arn
  protocol               = "https"
  endpoint               = var.https_endpoint
  endpoint_auto_confirms = false
}

# ----------------------------------------------------------------------------
# Alarms
# ----------------------------------------------------------------------------
# Every alarm is described by the same object so that one resource renders
# them all. `stat` is a statistic (Average, Maximum, Sum, Minimum) or a
# percentile (p95), which CloudWatch takes as extended_statistic.

locals {
  asg_alarms = var.asg == null ? {} : merge(
    {
      "asg-cpu-high" = {
        description = "Average CPU of the Auto Scaling group above ${var.cpu_threshold_percent}% for 15 minutes: scaling is not keeping up or the group is at max_size."
        namespace   = "AWS/EC2", metric = "CPUUtilization", stat = "Average"
        dimensions  = { AutoScalingGroupName = var.asg.name }
        comparison  = "GreaterThanThreshold", threshold = var.cpu_threshold_percent
        period      = 300, evaluation_periods = 3, datapoints = 3, missing = "missing"
      }
      "asg-status-check-failed" = {
        description = "An instance of the Auto Scaling group fails its EC2 status checks."
        namespace   = "AWS/EC2", metric = "StatusCheckFailed", stat = "Maximum"
        dimensions  = { AutoScalingGroupName = var.asg.name }
        comparison  = "GreaterThanThreshold", threshold = 0
        period      = 60, evaluation_periods = 5, datapoints = 3, missing = "missing"
      }
      # Needs the group metrics that the asg module enables.
      "asg-in-service-below-min" = {
        description = "Fewer in-service instances than min_size (${var.asg.min_size}) for 5 minutes: launches fail or instances keep failing health checks."
        namespace   = "AWS/AutoScaling", metric = "GroupInServiceInstances", stat = "Minimum"
        dimensions  = { AutoScalingGroupName = var.asg.name }
        comparison  = "LessThanThreshold", threshold = var.asg.min_size
        period      = 60, evaluation_periods = 5, datapoints = 5, missing = "missing"
      }
    },
    var.enable_agent_metric_alarms ? {
      # The CloudWatch agent must aggregate by AutoScalingGroupName
      # (aggregation_dimensions = [["AutoScalingGroupName"]]).
      "asg-memory-high" = {
        description = "Memory used above 85% across the Auto Scaling group."
        namespace   = "CWAgent", metric = "mem_used_percent", stat = "Average"
        dimensions  = { AutoScalingGroupName = var.asg.name }
        comparison  = "GreaterThanThreshold", threshold = 85
        period      = 300, evaluation_periods = 2, datapoints = 2, missing = "missing"
      }
      "asg-disk-high" = {
        description = "Root disk used above 80% on the Auto Scaling group's instances."
        namespace   = "CWAgent", metric = "disk_used_percent", stat = "Maximum"
        dimensions  = { AutoScalingGroupName = var.asg.name }
        comparison  = "GreaterThanThreshold", threshold = 80
        period      = 300, evaluation_periods = 1, datapoints = 1, missing = "missing"
      }
    } : {},
  )

  ec2_alarms = merge([
    for i, id in var.ec2_instance_ids : merge(
      {
        "ec2-${i}-cpu-high" = {
          description = "Instance ${i} CPU above ${var.cpu_threshold_percent}% for 10 minutes."
          namespace   = "AWS/EC2", metric = "CPUUtilization", stat = "Average"
          dimensions  = { InstanceId = id }
          comparison  = "GreaterThanThreshold", threshold = var.cpu_threshold_percent
          period      = 300, evaluation_periods = 2, datapoints = 2, missing = "missing"
        }
        "ec2-${i}-status-check-failed" = {
          description = "Instance ${i} fails its EC2 status checks."
          namespace   = "AWS/EC2", metric = "StatusCheckFailed", stat = "Maximum"
          dimensions  = { InstanceId = id }
          comparison  = "GreaterThanThreshold", threshold = 0
          period      = 60, evaluation_periods = 2, datapoints = 2, missing = "breaching"
        }
      },
      var.enable_agent_metric_alarms ? {
        "ec2-${i}-memory-high" = {
          description = "Instance ${i} memory used above 85%."
          namespace   = "CWAgent", metric = "mem_used_percent", stat = "Average"
          dimensions  = { InstanceId = id }
          comparison  = "GreaterThanThreshold", threshold = 85
          period      = 300, evaluation_periods = 2, datapoints = 2, missing = "missing"
        }
      } : {},
    )
  ]...)

  rds_alarms = var.rds == null ? {} : {
    "rds-cpu-high" = {
      description = "RDS CPU above ${var.cpu_threshold_percent}% for 10 minutes."
      namespace   = "AWS/RDS", metric = "CPUUtilization", stat = "Average"
      dimensions  = { DBInstanceIdentifier = var.rds.instance_id }
      comparison  = "GreaterThanThreshold", threshold = var.cpu_threshold_percent
      period      = 300, evaluation_periods = 2, datapoints = 2, missing = "missing"
    }
    "rds-free-storage-low" = {
      description = "RDS free storage below ${floor(var.rds.free_storage_bytes / 1073741824)} GiB."
      namespace   = "AWS/RDS", metric = "FreeStorageSpace", stat = "Minimum"
      dimensions  = { DBInstanceIdentifier = var.rds.instance_id }
      comparison  = "LessThanThreshold", threshold = var.rds.free_storage_bytes
      period      = 300, evaluation_periods = 1, datapoints = 1, missing = "missing"
    }
    "rds-freeable-memory-low" = {
      description = "RDS freeable memory below ${floor(var.rds.freeable_memory_bytes / 1048576)} MiB for 15 minutes."
      namespace   = "AWS/RDS", metric = "FreeableMemory", stat = "Average"
      dimensions  = { DBInstanceIdentifier = var.rds.instance_id }
      comparison  = "LessThanThreshold", threshold = var.rds.freeable_memory_bytes
      period      = 300, evaluation_periods = 3, datapoints = 3, missing = "missing"
    }
    "rds-connections-high" = {
      description = "RDS connections above ${var.rds.max_connections_threshold}."
      namespace   = "AWS/RDS", metric = "DatabaseConnections", stat = "Maximum"
      dimensions  = { DBInstanceIdentifier = var.rds.instance_id }
      comparison  = "GreaterThanThreshold", threshold = var.rds.max_connections_threshold
      period      = 300, evaluation_periods = 2, datapoints = 2, missing = "missing"
    }
    "rds-read-latency-high" = {
      description = "RDS read latency above ${var.rds.latency_seconds * 1000} ms for 15 minutes."
      namespace   = "AWS/RDS", metric = "ReadLatency", stat = "Average"
      dimensions  = { DBInstanceIdentifier = var.rds.instance_id }
      comparison  = "GreaterThanThreshold", threshold = var.rds.latency_seconds
      period      = 300, evaluation_periods = 3, datapoints = 3, missing = "notBreaching"
    }
    "rds-write-latency-high" = {
      description = "RDS write latency above ${var.rds.latency_seconds * 1000} ms for 15 minutes."
      namespace   = "AWS/RDS", metric = "WriteLatency", stat = "Average"
      dimensions  = { DBInstanceIdentifier = var.rds.instance_id }
      comparison  = "GreaterThanThreshold", threshold = var.rds.latency_seconds
      period      = 300, evaluation_periods = 3, datapoints = 3, missing = "notBreaching"
    }
  }

  alb_alarms = var.alb == null ? {} : {
    "alb-target-5xx" = {
      description = "More than ${var.alb.target_5xx_per_5min} 5XX responses from the targets in 5 minutes."
      namespace   = "AWS/ApplicationELB", metric = "HTTPCode_Target_5XX_Count", stat = "Sum"
      dimensions  = { LoadBalancer = var.alb.arn_suffix }
      comparison  = "GreaterThanThreshold", threshold = var.alb.target_5xx_per_5min
      period      = 300, evaluation_periods = 1, datapoints = 1, missing = "notBreaching"
    }
    "alb-elb-5xx" = {
      description = "More than ${var.alb.target_5xx_per_5min} 5XX responses generated by the ALB itself (502/503/504: targets unreachable or failing) in 5 minutes."
      namespace   = "AWS/ApplicationELB", metric = "HTTPCode_ELB_5XX_Count", stat = "Sum"
      dimensions  = { LoadBalancer = var.alb.arn_suffix }
      comparison  = "GreaterThanThreshold", threshold = var.alb.target_5xx_per_5min
      period      = 300, evaluation_periods = 1, datapoints = 1, missing = "notBreaching"
    }
    "alb-response-time-p95" = {
      description = "95th percentile target response time above ${var.alb.response_time_seconds} s for 15 minutes."
      namespace   = "AWS/ApplicationELB", metric = "TargetResponseTime", stat = "p95"
      dimensions  = { LoadBalancer = var.alb.arn_suffix }
      comparison  = "GreaterThanThreshold", threshold = var.alb.response_time_seconds
      period      = 300, evaluation_periods = 3, datapoints = 3, missing = "notBreaching"
    }
    "alb-unhealthy-targets" = {
      description = "At least one target fails the ALB health check for 3 minutes."
      namespace   = "AWS/ApplicationELB", metric = "UnHealthyHostCount", stat = "Maximum"
      dimensions  = { LoadBalancer = var.alb.arn_suffix, TargetGroup = var.alb.target_group_arn_suffix }
      comparison  = "GreaterThanThreshold", threshold = 0
      period      = 60, evaluation_periods = 3, datapoints = 3, missing = "notBreaching"
    }
    "alb-no-healthy-targets" = {
      description = "No healthy target behind the ALB: the application is down."
      namespace   = "AWS/ApplicationELB", metric = "HealthyHostCount", stat = "Minimum"
      dimensions  = { LoadBalancer = var.alb.arn_suffix, TargetGroup = var.alb.target_group_arn_suffix }
      comparison  = "LessThanThreshold", threshold = 1
      period      = 60, evaluation_periods = 2, datapoints = 2, missing = "breaching"
    }
  }

  alarms = merge(local.asg_alarms, local.ec2_alarms, local.rds_alarms, local.alb_alarms)
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = local.alarms

  alarm_name          = "${local.name_prefix}-${each.key}"
  alarm_description   = each.value.description
  namespace           = each.value.namespace
  metric_name         = each.value.metric
  dimensions          = each.value.dimensions
  statistic           = startswith(each.value.stat, "p") ? null : each.value.stat
  extended_statistic  = startswith(each.value.stat, "p") ? each.value.stat : null
  comparison_operator = each.value.comparison
  threshold           = each.value.threshold
  period              = each.value.period
  evaluation_periods  = each.value.evaluation_periods
  datapoints_to_alarm = each.value.datapoints
  treat_missing_data  = each.value.missing

  alarm_actions             = local.alarm_actions
  ok_actions                = local.alarm_actions
  insufficient_data_actions = []

  tags = merge(var.tags, { Name = "${local.name_prefix}-${each.key}" })
}

# ----------------------------------------------------------------------------
# Dashboard
# ----------------------------------------------------------------------------

locals {
  compute_metrics = concat(
    var.asg == null ? [] : [["AWS/EC2", "CPUUtilization", "AutoScalingGroupName", var.asg.name, { label = "ASG CPU" }]],
    [for i, id in var.ec2_instance_ids : ["AWS/EC2", "CPUUtilization", "InstanceId", id, { label = "Instance ${i} CPU" }]],
    var.rds == null ? [] : [["AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", var.rds.instance_id, { label = "RDS CPU" }]],
  )

  dashboard_widgets = concat(
    [{
      type   = "alarm"
      width  = 24
      height = 4
      properties = {
        title  = "Alarms"
        alarms = [for a in aws_cloudwatch_metric_alarm.this : a.arn]
      }
    }],
    length(local.compute_metrics) == 0 ? [] : [{
      type   = "metric"
      width  = 12
      height = 6
      properties = {
        title   = "CPU utilization"
        region  = local.region
        stat    = "Average"
        period  = 300
        metrics = local.compute_metrics
      }
    }],
    var.rds == null ? [] : [{
      type   = "metric"
      width  = 12
      height = 6
      properties = {
        title  = "RDS connections and free storage"
        region = local.region
        stat   = "Average"
        period = 300
        metrics = [
          ["AWS/RDS", "DatabaseConnections", "DBInstanceIdentifier", var.rds.instance_id],
          [".", "FreeStorageSpace", ".", ".", { yAxis = "right" }],
        ]
      }
    }],
    var.alb == null ? [] : [{
      type   = "metric"
      width  = 12
      height = 6
      properties = {
        title  = "ALB requests and errors"
        region = local.region
        stat   = "Sum"
        period = 300
        metrics = [
          ["AWS/ApplicationELB", "RequestCount", "LoadBalancer", var.alb.arn_suffix],
          [".", "HTTPCode_Target_5XX_Count", ".", "."],
          [".", "HTTPCode_ELB_5XX_Count", ".", "."],
          [".", "TargetResponseTime", ".", ".", { stat = "p95", yAxis = "right" }],
        ]
      }
    }],
    contains(keys(var.log_group_names), "application") ? [{
      type   = "log"
      width  = 24
      height = 6
      properties = {
        title  = "Recent application errors"
        region = local.region
        view   = "table"
        query  = "SOURCE '${aws_cloudwatch_log_group.this["application"].name}' | fields @timestamp, @message | filter @message like /(?i)error/ | sort @timestamp desc | limit 50"
      }
    }] : [],
  )
}

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = "${local.name_prefix}-overview"
  dashboard_body = jsonencode({ widgets = local.dashboard_widgets })
}
