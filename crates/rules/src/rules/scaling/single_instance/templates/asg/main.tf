# ============================================================================
# Auto Scaling group behind the ALB
# ============================================================================
# Replaces the single app server: a launch template (encrypted gp3 root
# volume, IMDSv2 only, no SSH key pair - access is through Session Manager)
# and an Auto Scaling group registered in the ALB target group, replacing
# instances that fail the ALB health check, refreshed rolling (launch before
# terminate) whenever the launch template changes, scaled by target tracking
# on CPU.
# ============================================================================

data "aws_default_tags" "current" {}

data "aws_ami" "this" {
  most_recent = true
  owners      = var.ami_id == null ? ["099720109477"] : null # Canonical

  dynamic "filter" {
    for_each = var.ami_id == null ? [] : [var.ami_id]

    content {
      name   = "image-id"
      values = [filter.value]
    }
  }

  dynamic "filter" {
    for_each = var.ami_id == null ? ["ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*"] : []

    content {
      name   = "name"
      values = [filter.value]
    }
  }

  filter {
    name   = "virtualization-type"
    values = ["hvm"]
  }
}

locals {
  name_prefix = "${var.project_name}-${var.environment}"
  is_prod     = contains(["prod", "production", "prd", "live"], lower(var.environment))
  min_size    = coalesce(var.min_size, local.is_prod ? 2 : 1)
  max_size    = max(coalesce(var.max_size, local.is_prod ? 4 : 2), local.min_size)

  # default_tags reach neither the instances launched by an ASG nor the
  # tag_specifications of a launch template, so they are copied explicitly:
  # cost allocation needs them on the instances and volumes.
  instance_tags = merge(
    data.aws_default_tags.current.tags,
    var.tags,
    var.backup_tag == null ? {} : var.backup_tag,
    { Name = "${local.name_prefix}-app" },
  )

  alarm_actions = var.alarm_topic_arn == null ? [] : [var.alarm_topic_arn]
}

resource "aws_launch_template" "app" {
  name_prefix            = "${local.name_prefix}-app-"
  description            = "${local.name_prefix} application servers"
  image_id               = data.aws_ami.this.id
  instance_type          = var.instance_type
  vpc_security_group_ids = [var.app_security_group_id]
  user_data              = var.user_data == null ? null : base64encode(var.user_data)
  update_default_version = true
  # No key_name: there is no SSH. Shell access is Session Manager.

  dynamic "iam_instance_profile" {
    for_each = var.instance_profile_name == null ? [] : [var.instance_profile_name]

    content {
      name = iam_instance_profile.value
    }
  }

  # IMDSv2 only: the metadata service answers only with a session token,
  # which closes the SSRF path to the instance role's credentials.
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = var.metadata_hop_limit
    instance_metadata_tags      = "disabled"
  }

  monitoring {
    enabled = var.detailed_monitoring
  }

  block_device_mappings {
    device_name = data.aws_ami.this.root_device_name

    ebs {
      volume_type           = "gp3"
      volume_size           = var.root_volume_size
      iops                  = 3000 # gp3 baseline, included in the price
      throughput            = 125  # MiB/s, gp3 baseline
      encrypted             = true
      kms_key_id            = var.ebs_kms_key_arn
      delete_on_termination = true
    }
  }

  dynamic "tag_specifications" {
    for_each = toset(["instance", "volume", "network-interface"])

    content {
      resource_type = tag_specifications.value
      tags          = local.instance_tags
    }
  }

  tags = merge(var.tags, { Name = "${local.name_prefix}-app" })
}

resource "aws_autoscaling_group" "app" {
  name                = "${local.name_prefix}-app"
  vpc_zone_identifier = var.subnet_ids
  target_group_arns   = var.target_group_arns

  min_size         = local.min_size
  max_size         = local.max_size
  desired_capacity = local.min_size

  # Replace instances the ALB considers unhealthy, not only those whose EC2
  # status checks fail.
  health_check_type         = "ELB"
  health_check_grace_period = var.health_check_grace_period
  default_instance_warmup   = var.health_check_grace_period
  wait_for_capacity_timeout = "15m"

  launch_template {
    id = aws_launch_template.app.id
    # The version number, not "$Latest": a new template version then changes
    # the group, and that change is what starts the instance refresh.
    version = aws_launch_template.app.latest_version
  }

  # Rolling replacement, launch before terminate (min 100 %, max 200 %), so
  # capacity never drops during a deploy; rolled back if it fails.
  instance_refresh {
    strategy = "Rolling"

    preferences {
      min_healthy_percentage = 100
      max_healthy_percentage = 200
      instance_warmup        = tostring(var.health_check_grace_period)
      skip_matching          = true
      auto_rollback          = true
    }
  }

  # Group metrics (free at 1-minute granularity) for the alarms below and the
  # monitoring module's in-service alarm.
  metrics_granularity = "1Minute"
  enabled_metrics = [
    "GroupDesiredCapacity",
    "GroupInServiceInstances",
    "GroupMaxSize",
    "GroupMinSize",
    "GroupPendingInstances",
    "GroupTerminatingInstances",
    "GroupTotalInstances",
  ]

  dynamic "tag" {
    for_each = merge(data.aws_default_tags.current.tags, var.tags, { Name = "${local.name_prefix}-app" })

    content {
      key   = tag.key
      value = tag.value
      # Instances get their tags from the launch template.
      propagate_at_launch = false
    }
  }

  lifecycle {
    # The scaling policy owns the desired capacity between min and max;
    # re-applying would otherwise reset it to min_size.
    ignore_changes = [desired_capacity]
  }
}

resource "aws_autoscaling_policy" "cpu" {
  name                   = "${local.name_prefix}-cpu-target-tracking"
  autoscaling_group_name = aws_autoscaling_group.app.name
  policy_type            = "TargetTrackingScaling"

  # Target tracking creates and owns its own scale-out/scale-in alarms.
  target_tracking_configuration {
    target_value = var.target_cpu_percent

    predefined_metric_specification {
      predefined_metric_type = "ASGAverageCPUUtilization"
    }
  }
}

# ----------------------------------------------------------------------------
# Alarms on the group (by AutoScalingGroupName)
# ----------------------------------------------------------------------------

# Only when the group can scale at all: with min_size == max_size it is
# always "at max" and the alarm would never clear.
resource "aws_cloudwatch_metric_alarm" "at_max_capacity" {
  count = local.max_size > local.min_size ? 1 : 0

  alarm_name          = "${local.name_prefix}-asg-at-max-capacity"
  alarm_description   = "The Auto Scaling group has run at max_size (${local.max_size}) for 30 minutes: scaling cannot add capacity any more."
  namespace           = "AWS/AutoScaling"
  metric_name         = "GroupInServiceInstances"
  statistic           = "Minimum"
  dimensions          = { AutoScalingGroupName = aws_autoscaling_group.app.name }
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = local.max_size
  period              = 300
  evaluation_periods  = 6
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  tags = merge(var.tags, { Name = "${local.name_prefix}-asg-at-max-capacity" })
}

resource "aws_cloudwatch_metric_alarm" "capacity_shortfall" {
  alarm_name          = "${local.name_prefix}-asg-capacity-shortfall"
  alarm_description   = "Fewer in-service instances than desired for 15 minutes: launches fail (AMI, quota, subnet) or new instances never pass the ALB health check."
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  evaluation_periods  = 15
  datapoints_to_alarm = 15
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  metric_query {
    id          = "shortfall"
    expression  = "desired - inservice"
    label       = "Desired minus in-service instances"
    return_data = true
  }

  metric_query {
    id = "desired"

    metric {
      namespace   = "AWS/AutoScaling"
      metric_name = "GroupDesiredCapacity"
      dimensions  = { AutoScalingGroupName = aws_autoscaling_group.app.name }
      stat        = "Maximum"
      period      = 60
    }
  }

  metric_query {
    id = "inservice"

    metric {
      namespace   = "AWS/AutoScaling"
      metric_name = "GroupInServiceInstances"
      dimensions  = { AutoScalingGroupName = aws_autoscaling_group.app.name }
      stat        = "Minimum"
      period      = 60
    }
  }

  tags = merge(var.tags, { Name = "${local.name_prefix}-asg-capacity-shortfall" })
}
