# ============================================================================
# Application Load Balancer
# ============================================================================
# Internet -> ALB (80 redirects, 443 terminates TLS with the ACM certificate)
# -> targets on target_port, health-checked on health_path. The ALB has its
# own security group and may only talk to the app security group; the app
# side (ingress from this SG only) is the sg_hardening module.
# ============================================================================

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

data "aws_vpc" "this" {
  id = var.vpc_id
}

locals {
  name_prefix = "${var.project_name}-${var.environment}"
  is_prod     = contains(["prod", "production", "prd", "live"], lower(var.environment))

  # ALB and target group names are limited to 32 characters.
  lb_name = trimsuffix(substr("${local.name_prefix}-alb", 0, 32), "-")
  tg_name = trimsuffix(substr("${local.name_prefix}-app", 0, 32), "-")

  create_logs_bucket = var.access_logs_enabled && var.access_logs_bucket_name == null
  logs_bucket_name   = var.access_logs_bucket_name != null ? var.access_logs_bucket_name : "${local.name_prefix}-alb-logs-${data.aws_caller_identity.current.account_id}"
  logs_retention     = coalesce(var.access_logs_retention_days, local.is_prod ? 90 : 30)

  listener_ports = { http = 80, https = 443 }
  ingress_rules = {
    for pair in setproduct(keys(local.listener_ports), var.ingress_cidr_blocks) :
    "${pair[0]}-${pair[1]}" => { port = local.listener_ports[pair[0]], cidr = pair[1] }
  }
}

# ----------------------------------------------------------------------------
# Security group: 80/443 in from the internet, out only to the targets
# ----------------------------------------------------------------------------

resource "aws_security_group" "alb" {
  name        = "${local.name_prefix}-alb-sg"
  description = "ALB: HTTP/HTTPS from the internet, HTTP to the app targets only"
  vpc_id      = var.vpc_id

  # Rules are separate resources (below): mixing inline rules and rule
  # resources on one group makes Terraform fight itself.
  lifecycle {
    create_before_destroy = true
  }

  tags = merge(var.tags, { Name = "${local.name_prefix}-alb-sg" })
}

resource "aws_vpc_security_group_ingress_rule" "alb" {
  for_each = local.ingress_rules

  security_group_id = aws_security_group.alb.id
  description       = each.value.port == 80 ? "HTTP (redirected to HTTPS)" : "HTTPS"
  ip_protocol       = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
  cidr_ipv4         = each.value.cidr

  tags = merge(var.tags, { Name = "${local.name_prefix}-alb-${each.key}" })
}

# Traffic and health checks to the targets: to the app security group when
# known, else to the VPC's CIDR. Nothing else leaves the ALB.
resource "aws_vpc_security_group_egress_rule" "to_targets" {
  security_group_id            = aws_security_group.alb.id
  description                  = "HTTP and health checks to the app targets"
  ip_protocol                  = "tcp"
  from_port                    = var.target_port
  to_port                      = var.target_port
  referenced_security_group_id = var.app_security_group_id
  cidr_ipv4                    = var.app_security_group_id == null ? data.aws_vpc.this.cidr_block : null

  tags = merge(var.tags, { Name = "${local.name_prefix}-alb-to-targets" })
}

# ----------------------------------------------------------------------------
# Access logs bucket (created unless access_logs_bucket_name is given)
# ----------------------------------------------------------------------------

# tfready:ignore s3-no-versioning access logs are written once and expire by lifecycle; versions would only keep deleted logs
resource "aws_s3_bucket" "logs" {
  # checkov:skip=CKV_AWS_145:ELB access log delivery supports SSE-S3 only, not SSE-KMS
  # checkov:skip=CKV_AWS_21:access logs are written once and expire by lifecycle (see the tfready:ignore above)
  # checkov:skip=CKV_AWS_18:this is the access-log bucket; logging it to another bucket would only move the problem
  # checkov:skip=CKV_AWS_144:operational access logs with a 30-90 day lifecycle; a second-region copy is not worth a second bucket
  # checkov:skip=CKV2_AWS_62:nothing consumes events for new log objects
  count = local.create_logs_bucket ? 1 : 0

  bucket        = local.logs_bucket_name
  force_destroy = !local.is_prod # logs only; prod keeps them on destroy

  tags = merge(var.tags, { Name = local.logs_bucket_name })
}

resource "aws_s3_bucket_ownership_controls" "logs" {
  count  = local.create_logs_bucket ? 1 : 0
  bucket = aws_s3_bucket.logs[0].id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "logs" {
  count  = local.create_logs_bucket ? 1 : 0
  bucket = aws_s3_bucket.logs[0].id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# ALB access logs support SSE-S3 only (not SSE-KMS).
resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  count  = local.create_logs_bucket ? 1 : 0
  bucket = aws_s3_bucket.logs[0].id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "logs" {
  count  = local.create_logs_bucket ? 1 : 0
  bucket = aws_s3_bucket.logs[0].id

  rule {
    id     = "expire-access-logs"
    status = "Enabled"

    filter {}

    expiration {
      days = local.logs_retention
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}

data "aws_elb_service_account" "legacy" {
  count = local.create_logs_bucket && var.use_legacy_elb_account_principal ? 1 : 0
}

data "aws_iam_policy_document" "logs" {
  count = local.create_logs_bucket ? 1 : 0

  # Current practice: the log delivery service principal. Older documentation
  # (and regions opened before August 2022, if the service principal is ever
  # refused there) grants the regional ELB account instead (the
  # aws_elb_service_account data source); see the next statement.
  statement {
    sid       = "AllowELBLogDelivery"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.logs[0].arn}/${var.access_logs_prefix}/AWSLogs/${data.aws_caller_identity.current.account_id}/*"]

    principals {
      type        = "Service"
      identifiers = ["logdelivery.elasticloadbalancing.amazonaws.com"]
    }
  }

  dynamic "statement" {
    for_each = data.aws_elb_service_account.legacy

    content {
      sid       = "AllowLegacyRegionalELBAccount"
      actions   = ["s3:PutObject"]
      resources = ["${aws_s3_bucket.logs[0].arn}/${var.access_logs_prefix}/AWSLogs/${data.aws_caller_identity.current.account_id}/*"]

      principals {
        type        = "AWS"
        identifiers = [statement.value.arn]
      }
    }
  }

  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.logs[0].arn,
      "${aws_s3_bucket.logs[0].arn}/*",
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

resource "aws_s3_bucket_policy" "logs" {
  count = local.create_logs_bucket ? 1 : 0

  bucket = aws_s3_bucket.logs[0].id
  policy = data.aws_iam_policy_document.logs[0].json

  depends_on = [aws_s3_bucket_public_access_block.logs]
}

# ----------------------------------------------------------------------------
# Load balancer
# ----------------------------------------------------------------------------

resource "aws_lb" "this" {
  # checkov:skip=CKV2_AWS_28:the waf module that tfready fix adds associates its web ACL with this ALB (aws_wafv2_web_acl_association)
  name               = local.lb_name
  load_balancer_type = "application"
  internal           = false
  security_groups    = [aws_security_group.alb.id]
  subnets            = var.public_subnet_ids
  ip_address_type    = "ipv4"

  # Requests with header fields that are not valid HTTP are dropped instead
  # of being passed to the app (request smuggling, header injection).
  drop_invalid_header_fields = true
  desync_mitigation_mode     = "defensive"
  enable_deletion_protection = coalesce(var.deletion_protection, local.is_prod)
  enable_http2               = true
  idle_timeout               = var.idle_timeout

  access_logs {
    bucket  = local.logs_bucket_name
    prefix  = var.access_logs_prefix
    enabled = var.access_logs_enabled
  }

  # ELB checks that it may write to the bucket when logging is switched on.
  depends_on = [aws_s3_bucket_policy.logs]

  tags = merge(var.tags, { Name = local.lb_name })
}

resource "aws_lb_target_group" "app" {
  name                 = local.tg_name
  vpc_id               = var.vpc_id
  target_type          = "instance"
  port                 = var.target_port
  protocol             = "HTTP"
  deregistration_delay = var.deregistration_delay

  health_check {
    enabled             = true
    path                = var.health_path
    port                = "traffic-port"
    protocol            = "HTTP"
    matcher             = var.health_check_matcher
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }

  stickiness {
    type            = "lb_cookie"
    enabled         = var.stickiness_enabled
    cookie_duration = 86400
  }

  tags = merge(var.tags, { Name = local.tg_name })
}

resource "aws_lb_target_group_attachment" "app" {
  count = length(var.target_instance_ids)

  target_group_arn = aws_lb_target_group.app.arn
  target_id        = var.target_instance_ids[count.index]
  port             = var.target_port
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.ssl_policy
  certificate_arn   = var.certificate_arn

  routing_http_response_strict_transport_security_header_value = var.hsts_header_value

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }

  tags = merge(var.tags, { Name = "${local.name_prefix}-https" })
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      protocol    = "HTTPS"
      port        = "443"
      status_code = "HTTP_301"
    }
  }

  tags = merge(var.tags, { Name = "${local.name_prefix}-http-redirect" })
}

# ----------------------------------------------------------------------------
# DNS: alias records to the ALB (replace the A record to the Elastic IP)
# ----------------------------------------------------------------------------

resource "aws_route53_record" "alias" {
  for_each = toset(var.dns_names)

  zone_id = var.hosted_zone_id
  name    = each.value
  type    = "A"

  alias {
    name                   = aws_lb.this.dns_name
    zone_id                = aws_lb.this.zone_id
    evaluate_target_health = true
  }

  lifecycle {
    precondition {
      condition     = var.hosted_zone_id != null
      error_message = "dns_names needs hosted_zone_id."
    }
  }
}
