# ============================================================================
# prod (coverage rows 16 and 18, spec 4.4 / 4.2)
# ============================================================================
# terraform plan -var-file=environments/prod.tfvars -out tfplan
#
# Own state: backend key "prod/terraform.tfstate". Variables not declared
# by the stack yet are declared by `tfready fix` when it wires in the module
# that uses them. No secrets here.
# ============================================================================

environment  = "prod"
project_name = "coherent"
aws_region   = "us-east-1"
vpc_cidr     = "10.0.0.0/16" # the existing VPC

# Default tags (snippets/provider_default_tags.tf)

# DNS
create_dns_records = true
domain_name        = "cohuron.com"
app_subdomain      = "app"

# Compute: two t3.medium behind the ALB, one per AZ, instead of the spec's
# single t3.large - about the same price, more capacity, and an AZ or an
# instance can fail without downtime.
ec2_instance_type    = "t3.medium"
ec2_root_volume_size = 30

# Database: Multi-AZ standby in prod (row 18).
db_instance_class    = "db.t3.small"
db_allocated_storage = 20

# Redis (ElastiCache): primary + replica in two AZs with automatic failover.

# Monitoring
alert_emails = ["ops@example.com"] # replace

# Optional layers
