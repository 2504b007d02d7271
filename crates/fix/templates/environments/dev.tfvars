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
owner       = "Huron Home Services"
cost_center = "Engineering"
application = "PMO"

# DNS: dev is reached through the ALB's own DNS name; no zone, no certificate.
create_dns_records = false
domain_name        = "cohuron.com"
app_subdomain      = "dev"

# Compute
ec2_instance_type    = "t3.small"
ec2_root_volume_size = 20
asg_min_size         = 1
asg_max_size         = 1

# Database
db_instance_class               = "db.t3.micro"
db_allocated_storage            = 20
db_multi_az                     = false
db_backup_retention_period      = 1
db_deletion_protection          = false
db_performance_insights_enabled = true # 7 days are free
db_monitoring_interval          = 0    # no Enhanced Monitoring in dev

# Redis (ElastiCache)
redis_node_type          = "cache.t4g.micro"
redis_num_cache_clusters = 1
redis_multi_az           = false

# Monitoring
alert_emails       = ["dev-alerts@example.com"] # replace
log_retention_days = 7

# Optional layers
enable_waf          = false
enable_guardduty    = false # account-wide: enable once per account and region
enable_config       = false # account-wide: one recorder per account and region
enable_nacl         = false
enable_cloudfront   = false
enable_read_replica = false
