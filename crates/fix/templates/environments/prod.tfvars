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
owner       = "Huron Home Services"
cost_center = "Engineering"
application = "PMO"

# DNS
create_dns_records = true
domain_name        = "cohuron.com"
app_subdomain      = "app"

# Compute: two t3.medium behind the ALB, one per AZ, instead of the spec's
# single t3.large - about the same price, more capacity, and an AZ or an
# instance can fail without downtime.
ec2_instance_type    = "t3.medium"
ec2_root_volume_size = 30
asg_min_size         = 2
asg_max_size         = 4

# Database: Multi-AZ standby in prod (row 18).
db_instance_class               = "db.t3.small"
db_allocated_storage            = 20
db_multi_az                     = true
db_backup_retention_period      = 14
db_deletion_protection          = true
db_performance_insights_enabled = true
db_monitoring_interval          = 60

# Redis (ElastiCache): primary + replica in two AZs with automatic failover.
redis_node_type          = "cache.t4g.micro"
redis_num_cache_clusters = 2
redis_multi_az           = true

# Monitoring
alert_emails       = ["ops@example.com"] # replace
log_retention_days = 30

# Optional layers
enable_waf          = true
enable_guardduty    = true
enable_config       = true
enable_nacl         = true
enable_cloudfront   = false # phase 4, when traffic is global or static assets dominate
enable_read_replica = false # phase 4, when reads saturate the primary
