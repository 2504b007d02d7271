# ============================================================================
# ACM certificate with DNS validation
# ============================================================================
# Replaces a certificate managed by hand (issued and renewed on the instance,
# or uploaded). ACM renews DNS-validated certificates by itself as long as the
# validation CNAMEs stay in the zone, so nothing runs on the servers and no
# port has to stay open for HTTP-01 challenges.
#
# The certificate is regional: this one serves the ALB (same region). The
# cloudfront module issues its own in the region CloudFront reads (N. Virginia).
# ============================================================================

locals {
  primary_name = (var.app_subdomain == null || var.app_subdomain == "") ? var.domain_name : "${var.app_subdomain}.${var.domain_name}"

  subject_alternative_names = distinct(concat(
    var.include_apex && local.primary_name != var.domain_name ? [var.domain_name] : [],
    var.include_wildcard ? ["*.${var.domain_name}"] : [],
    var.extra_subject_alternative_names,
  ))
}

resource "aws_acm_certificate" "this" {
  domain_name               = local.primary_name
  subject_alternative_names = local.subject_alternative_names
  validation_method         = "DNS"
  key_algorithm             = var.key_algorithm

  options {
    certificate_transparency_logging_preference = "ENABLED"
  }

  lifecycle {
    # A replacement certificate must exist before the listener lets go of
    # the old one.
    create_before_destroy = true
  }

  tags = merge(var.tags, { Name = "${var.project_name}-${local.primary_name}" })
}

# One validation record per distinct record name. "example.com" and
# "*.example.com" share the same CNAME, so names are grouped without "*.".
# The keys come from the configuration (not from the certificate), so they
# are known at plan time even before the certificate exists.
locals {
  validation_keys = toset([for n in concat([local.primary_name], local.subject_alternative_names) : trimprefix(n, "*.")])

  validation_options = {
    for dvo in aws_acm_certificate.this.domain_validation_options :
    trimprefix(dvo.domain_name, "*.") => {
      name   = dvo.resource_record_name
      record = dvo.resource_record_value
      type   = dvo.resource_record_type
    }...
  }
}

resource "aws_route53_record" "validation" {
  for_each = local.validation_keys

  zone_id         = var.hosted_zone_id
  name            = local.validation_options[each.key][0].name
  type            = local.validation_options[each.key][0].type
  records         = [local.validation_options[each.key][0].record]
  ttl             = 300
  allow_overwrite = true # a record left by an earlier certificate is reused
}

resource "aws_acm_certificate_validation" "this" {
  certificate_arn         = aws_acm_certificate.this.arn
  validation_record_fqdns = [for record in aws_route53_record.validation : record.fqdn]

  timeouts {
    create = var.validation_timeout
  }
}
