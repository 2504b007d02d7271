# ============================================================================
# staging - production's shape at a smaller size (coverage row 16, spec 4.4)
# ============================================================================
# terraform plan -var-file=environments/staging.tfvars -out tfplan
#
# Own state: backend key "staging/terraform.tfstate". Variables not declared
# by the stack yet are declared by `tfready fix` when it wires in the module
# that uses them. No secrets here.
# ============================================================================

environment  = "staging"
project_name = "coherent"
aws_region   = "us-east-1"
vpc_cidr     = "10.20.0.0/16"

# Default tags (snippets/provider_default_tags.tf)

# DNS: staging gets its own zone, staging.cohuron.com, delegated from the
# production zone with an NS record (prod and staging must not both create
# cohuron.com: only one zone's name servers can be set at the registrar).
create_dns_records = true
domain_name        = "staging.cohuron.com"
app_subdomain      = "app"

# Compute
ec2_instance_type    = "t3.medium"
ec2_root_volume_size = 30

# Database
db_instance_class    = "db.t3.small"
db_allocated_storage = 20

# Redis (ElastiCache)

# Monitoring
alert_emails = ["staging-alerts@example.com"] # replace

# Optional layers
