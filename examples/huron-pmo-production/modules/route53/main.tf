# ============================================================================
# Route 53 Module - DNS for cohuron.com
# ============================================================================

resource "aws_route53_zone" "main" {
  name    = var.domain_name
  comment = "Public zone for ${var.project_name} - managed by Terraform"

  tags = merge(var.global_tags, {
    Name = "${var.project_name}-zone"
  })
}

# ----------------------------------------------------------------------------
# Application record -> Elastic IP of the app server
# nginx on the instance terminates TLS (Let's Encrypt) and proxies to the
# API (4000) and web (5173) processes.
# ----------------------------------------------------------------------------
resource "aws_route53_record" "app" {
  zone_id = aws_route53_zone.main.zone_id
  name    = "${var.app_subdomain}.${var.domain_name}"
  type    = "A"
  # tfready: removed ttl = 300: the record aliases the load balancer instead of the instance's address
  # tfready: removed records = [var.app_public_ip]: the record aliases the load balancer instead of the instance's address
  alias {
    name                   = var.alb_dns_name
    zone_id                = var.alb_zone_id
    evaluate_target_health = true
  }
}

# www.cohuron.com -> app.cohuron.com
resource "aws_route53_record" "www" {
  zone_id = aws_route53_zone.main.zone_id
  name    = "www.${var.domain_name}"
  type    = "CNAME"
  ttl     = 300
  records = [aws_route53_record.app.fqdn]
}
