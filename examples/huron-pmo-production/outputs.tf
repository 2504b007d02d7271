# ============================================================================
# Huron PMO Platform - Outputs
# ============================================================================

# ----------------------------------------------------------------------------
# Networking
# ----------------------------------------------------------------------------

output "vpc_id" {
  description = "ID of the VPC"
  value       = module.vpc.vpc_id
}

output "public_subnet_ids" {
  description = "IDs of the public subnets"
  value       = module.vpc.public_subnet_ids
}

output "private_subnet_ids" {
  description = "IDs of the private subnets"
  value       = module.vpc.private_subnet_ids
}

output "app_security_group_id" {
  description = "Security group of the application server"
  value       = module.vpc.app_security_group_id
}

output "db_security_group_id" {
  description = "Security group of the database"
  value       = module.vpc.db_security_group_id
}

# ----------------------------------------------------------------------------
# Application server
# ----------------------------------------------------------------------------

output "ec2_instance_id" {
  description = "ID of the application server"
  value       = module.ec2.instance_id
}

output "ec2_instance_arn" {
  description = "ARN of the application server"
  value       = module.ec2.instance_arn
}

output "ec2_public_ip" {
  description = "Elastic IP of the application server"
  value       = module.ec2.public_ip
}

output "ec2_private_ip" {
  description = "Private IP of the application server"
  value       = module.ec2.private_ip
}

output "ec2_role_name" {
  description = "IAM role attached to the application server"
  value       = module.ec2.ec2_role_name
}

output "ssh_command" {
  description = "SSH into the application server"
  value       = "ssh -i ~/.ssh/${var.key_name}.pem ubuntu@${module.ec2.public_ip}"
}

# ----------------------------------------------------------------------------
# Database
# ----------------------------------------------------------------------------

output "rds_endpoint" {
  description = "RDS endpoint (host:port)"
  value       = module.rds.db_endpoint
}

output "rds_address" {
  description = "RDS hostname"
  value       = module.rds.db_address
}

output "rds_port" {
  description = "RDS port"
  value       = module.rds.db_port
}

output "rds_arn" {
  description = "ARN of the RDS instance"
  value       = module.rds.db_arn
}

output "database_name" {
  description = "Name of the application database"
  value       = var.db_name
}

# ----------------------------------------------------------------------------
# Storage
# ----------------------------------------------------------------------------

output "s3_bucket_name" {
  description = "Artifacts bucket name"
  value       = module.s3.bucket_name
}

output "s3_bucket_arn" {
  description = "Artifacts bucket ARN"
  value       = module.s3.bucket_arn
}

# ----------------------------------------------------------------------------
# DNS
# ----------------------------------------------------------------------------

output "hosted_zone_id" {
  description = "Route 53 hosted zone ID (null when create_dns_records = false)"
  value       = var.create_dns_records ? module.route53[0].hosted_zone_id : null
}

output "name_servers" {
  description = "Name servers to configure at the domain registrar"
  value       = var.create_dns_records ? module.route53[0].name_servers : []
}

output "app_url" {
  description = "Public URL of the application"
  value       = var.create_dns_records ? "https://${var.app_subdomain}.${var.domain_name}" : "http://${module.ec2.public_ip}"
}

output "api_url" {
  description = "Public URL of the API"
  value       = var.create_dns_records ? "https://${var.app_subdomain}.${var.domain_name}/api" : "http://${module.ec2.public_ip}:4000"
}

# ----------------------------------------------------------------------------
# Post-deploy instructions
# ----------------------------------------------------------------------------

output "next_steps" {
  description = "What to do after the first terraform apply"
  value       = <<-EOT

    Huron PMO infrastructure is up.

    1. Point the domain at Route 53 (first deploy only):
       Set these name servers at the registrar for ${var.domain_name}:
         ${join("\n         ", var.create_dns_records ? module.route53[0].name_servers : ["(DNS not managed here)"])}

    2. Wait for DNS:
         dig +short ${var.app_subdomain}.${var.domain_name}
       must return ${module.ec2.public_ip}
       (record TTL is 300s; registrar name server changes can take hours)

    3. Watch the bootstrap:
         ssh -i ~/.ssh/${var.key_name}.pem ubuntu@${module.ec2.public_ip} 'tail -f /var/log/user-data.log'

    4. Check the services:
         curl -I http://${module.ec2.public_ip}:4000/health
         curl -I http://${module.ec2.public_ip}:5173

    5. Issue the TLS certificate (see ssl_certificate_instructions).
  EOT
}

output "database_connection_info" {
  description = "How to reach the database (through the app server, it is private)"
  value       = <<-EOT
    Host:     ${module.rds.db_address}
    Port:     ${module.rds.db_port}
    Database: ${var.db_name}
    User:     ${var.db_username}
    Password: db_password in terraform.tfvars

    Tunnel from your machine:
      ssh -i ~/.ssh/${var.key_name}.pem -N -L 5432:${module.rds.db_address}:${module.rds.db_port} ubuntu@${module.ec2.public_ip}
      psql -h localhost -U ${var.db_username} -d ${var.db_name}
  EOT
}

output "ssl_certificate_instructions" {
  # tfready: the manual certificate steps below are replaced by ACM; they were:
  #   description = "Manual Let's Encrypt steps for the app certificate"
  #    <<-EOT
  #       SSL certificate: Let's Encrypt, issued and renewed on the instance by certbot.
  #   
  #       User data runs certbot on first boot, which fails if DNS did not point
  #       at the Elastic IP yet. Once ${var.app_subdomain}.${var.domain_name} resolves to
  #       ${module.ec2.public_ip}, SSH in and request the certificate by hand:
  #   
  #         ssh -i ~/.ssh/${var.key_name}.pem ubuntu@${module.ec2.public_ip}
  #         sudo certbot --nginx -d ${var.app_subdomain}.${var.domain_name} --non-interactive --agree-tos -m admin@${var.domain_name} --redirect
  #         sudo certbot renew --dry-run
  #         # Let's Encrypt certs expire after 90 days; the certbot timer renews them if port 80 stays open.
  #     EOT
  description = "How the app's TLS certificate is managed"
  value       = "TLS terminates at the load balancer with an ACM certificate that AWS renews; there is nothing to do by hand."
}

output "app_secret_arn" {
  description = "Secrets Manager secret with the application's secrets"
  value       = module.secrets.app_secret_arn
}

output "certificate_arn" {
  description = "ACM certificate for the app (renewed by AWS)"
  value       = var.create_dns_records ? module.acm[0].certificate_arn : null
}

output "alerts_topic_arn" {
  description = "SNS topic every alarm notifies"
  value       = module.monitoring.sns_topic_arn
}

output "alb_dns_name" {
  description = "DNS name of the load balancer"
  value       = try(module.alb[0].alb_dns_name, null)
}

output "redis_url" {
  description = "Redis endpoint for the app (the auth token is in Secrets Manager)"
  value       = module.elasticache.url
}

output "cloudfront_domain_name" {
  description = "Domain name of the CloudFront distribution"
  value       = try(module.cloudfront[0].domain_name, null)
}
