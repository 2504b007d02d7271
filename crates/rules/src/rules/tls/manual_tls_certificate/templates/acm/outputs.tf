output "certificate_arn" {
  description = "ARN of the validated certificate. Taken from the validation resource, so a listener that uses it waits until the certificate is issued."
  value       = aws_acm_certificate_validation.this.certificate_arn
}

output "certificate_domain" {
  description = "Primary name of the certificate."
  value       = aws_acm_certificate.this.domain_name
}

output "subject_alternative_names" {
  description = "All names the certificate covers besides the primary one."
  value       = local.subject_alternative_names
}

output "validation_record_fqdns" {
  description = "DNS validation records; keep them in the zone or ACM cannot renew."
  value       = [for record in aws_route53_record.validation : record.fqdn]
}
