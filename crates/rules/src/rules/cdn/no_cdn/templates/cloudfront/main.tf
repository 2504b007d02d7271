# ============================================================================
# CloudFront in front of the ALB
# ============================================================================
# Cache policies instead of the legacy forwarded_values (deprecated):
#   /assets/*  Managed-CachingOptimized (content-hashed files, long TTL)
#   /api/*     Managed-CachingDisabled
#   default    Managed-CachingDisabled (HTML, server-rendered pages)
# All viewer headers, cookies and query strings reach the origin through the
# managed origin request policy; only the cache key differs. HTTPS only,
# TLSv1.2_2021 at the edge, TLS 1.2 to the origin, the AWS managed security
# headers policy on every response. The certificate is issued in us-east-1,
# the only region CloudFront takes certificates from.
# ============================================================================

locals {
  name_prefix  = "${var.project_name}-${var.environment}"
  origin_id    = "alb"
  forward_host = var.origin_domain_name == null
  origin_host  = coalesce(var.origin_domain_name, var.alb_dns_name)

  certificate_arn = var.create_certificate ? aws_acm_certificate_validation.this[0].certificate_arn : var.acm_certificate_arn
}

# ----------------------------------------------------------------------------
# Certificate in us-east-1
# ----------------------------------------------------------------------------

resource "aws_acm_certificate" "this" {
  count    = var.create_certificate ? 1 : 0
  provider = aws.us_east_1

  domain_name               = var.aliases[0]
  subject_alternative_names = slice(var.aliases, 1, length(var.aliases))
  validation_method         = "DNS"

  lifecycle {
    create_before_destroy = true
  }

  tags = merge(var.tags, { Name = "${local.name_prefix}-cloudfront" })
}

# Route 53 is global: the default provider writes the records. Keys come
# from the configuration (known at plan time); names that differ only by a
# leading "*." share one validation record.
locals {
  validation_keys = var.create_certificate ? toset([for n in var.aliases : trimprefix(n, "*.")]) : toset([])

  validation_options = var.create_certificate ? {
    for dvo in aws_acm_certificate.this[0].domain_validation_options :
    trimprefix(dvo.domain_name, "*.") => {
      name   = dvo.resource_record_name
      record = dvo.resource_record_value
      type   = dvo.resource_record_type
    }...
  } : {}
}

resource "aws_route53_record" "validation" {
  for_each = local.validation_keys

  zone_id         = var.hosted_zone_id
  name            = local.validation_options[each.key][0].name
  type            = local.validation_options[each.key][0].type
  records         = [local.validation_options[each.key][0].record]
  ttl             = 300
  allow_overwrite = true # the regional certificate (acm module) may use the same record
}

resource "aws_acm_certificate_validation" "this" {
  count    = var.create_certificate ? 1 : 0
  provider = aws.us_east_1

  certificate_arn         = aws_acm_certificate.this[0].arn
  validation_record_fqdns = [for r in aws_route53_record.validation : r.fqdn]
}

# ----------------------------------------------------------------------------
# Managed policies
# ----------------------------------------------------------------------------

data "aws_cloudfront_cache_policy" "optimized" {
  name = "Managed-CachingOptimized"
}

data "aws_cloudfront_cache_policy" "disabled" {
  name = "Managed-CachingDisabled"
}

# With the ALB's own DNS name as origin, the viewer's Host header must reach
# it: CloudFront then uses it for SNI and certificate validation, and the
# ALB certificate covers the app's name, not *.elb.amazonaws.com.
data "aws_cloudfront_origin_request_policy" "viewer" {
  name = local.forward_host ? "Managed-AllViewer" : "Managed-AllViewerExceptHostHeader"
}

data "aws_cloudfront_response_headers_policy" "security" {
  name = "Managed-SecurityHeadersPolicy"
}

# ----------------------------------------------------------------------------
# Distribution
# ----------------------------------------------------------------------------

resource "aws_cloudfront_distribution" "this" {
  enabled         = true
  comment         = "${local.name_prefix} app"
  aliases         = var.aliases
  is_ipv6_enabled = true
  http_version    = "http2and3"
  price_class     = var.price_class
  web_acl_id      = var.web_acl_arn

  origin {
    origin_id   = local.origin_id
    domain_name = local.origin_host

    custom_origin_config {
      http_port                = 80
      https_port               = 443
      origin_protocol_policy   = "https-only"
      origin_ssl_protocols     = ["TLSv1.2"]
      origin_read_timeout      = var.origin_read_timeout
      origin_keepalive_timeout = 5
    }
  }

  # Default: pages and anything else, not cached.
  default_cache_behavior {
    target_origin_id           = local.origin_id
    viewer_protocol_policy     = var.viewer_protocol_policy
    allowed_methods            = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]
    cached_methods             = ["GET", "HEAD"]
    cache_policy_id            = data.aws_cloudfront_cache_policy.disabled.id
    origin_request_policy_id   = data.aws_cloudfront_origin_request_policy.viewer.id
    response_headers_policy_id = data.aws_cloudfront_response_headers_policy.security.id
    compress                   = true
  }

  # Static assets: cached at the edge for up to a year (file names carry a
  # content hash, so a new build means new URLs).
  ordered_cache_behavior {
    path_pattern               = var.assets_path_pattern
    target_origin_id           = local.origin_id
    viewer_protocol_policy     = var.viewer_protocol_policy
    allowed_methods            = ["GET", "HEAD", "OPTIONS"]
    cached_methods             = ["GET", "HEAD"]
    cache_policy_id            = data.aws_cloudfront_cache_policy.optimized.id
    origin_request_policy_id   = data.aws_cloudfront_origin_request_policy.viewer.id
    response_headers_policy_id = data.aws_cloudfront_response_headers_policy.security.id
    compress                   = true
  }

  # API: never cached, every method, everything forwarded.
  ordered_cache_behavior {
    path_pattern               = var.api_path_pattern
    target_origin_id           = local.origin_id
    viewer_protocol_policy     = var.viewer_protocol_policy
    allowed_methods            = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]
    cached_methods             = ["GET", "HEAD"]
    cache_policy_id            = data.aws_cloudfront_cache_policy.disabled.id
    origin_request_policy_id   = data.aws_cloudfront_origin_request_policy.viewer.id
    response_headers_policy_id = data.aws_cloudfront_response_headers_policy.security.id
    compress                   = true
  }

  viewer_certificate {
    acm_certificate_arn      = local.certificate_arn
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  lifecycle {
    precondition {
      condition     = var.create_certificate || var.acm_certificate_arn != null
      error_message = "Set acm_certificate_arn (a us-east-1 certificate) when create_certificate = false."
    }
  }

  tags = merge(var.tags, { Name = "${local.name_prefix}-cdn" })
}

# ----------------------------------------------------------------------------
# Optional cut-over of the aliases to CloudFront
# ----------------------------------------------------------------------------

resource "aws_route53_record" "alias" {
  for_each = var.create_dns_records ? {
    for pair in setproduct(var.aliases, ["A", "AAAA"]) : "${pair[0]}-${pair[1]}" => { name = pair[0], type = pair[1] }
  } : {}

  zone_id = var.hosted_zone_id
  name    = each.value.name
  type    = each.value.type

  alias {
    name                   = aws_cloudfront_distribution.this.domain_name
    zone_id                = aws_cloudfront_distribution.this.hosted_zone_id
    evaluate_target_health = false
  }
}
