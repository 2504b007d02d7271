# ============================================================================
# dev - small, cheap, disposable (coverage row 16, spec 4.4 / 7.7)
# ============================================================================
# terraform plan -var-file=environments/dev.tfvars -out tfplan
#
# Each environment has its own state: backend key "dev/terraform.tfstate"
# (terraform init -reconfigure -backend-config="key=dev/terraform.tfstate").
# Variables not declared by the stack yet are declared by `tfready fix` when
# it wires in the module that uses them. No secrets here, ever: the database
# password is RDS-managed and app secrets live in Secrets Manager.
# ============================================================================

environment  = "dev"
project_name = "coherent"
aws_region   = "us-east-1"
vpc_cidr     = "10.10.0.0/16" # distinct per environment, so VPCs can be peered later

# Default tags (snippets/provider_default_tags.tf)

# DNS: dev is reached through the ALB's own DNS name; no zone, no certificate.
create_dns_records = false
domain_name        = "cohuron.com"
app_subdomain      = "dev"

# Compute
ec2_instance_type    = "t3.small"
ec2_root_volume_size = 20

# Database
db_instance_class    = "db.t3.micro"
db_allocated_storage = 20

# Redis (ElastiCache)

# Monitoring
alert_emails = ["dev-alerts@example.com"] # replace

# Optional layers
