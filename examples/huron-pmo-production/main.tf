# ============================================================================
# Huron PMO Platform - AWS Infrastructure (cohuron.com)
# ============================================================================

terraform {
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }

  # State lives on the deploy workstation for now (see README).
  # tfready: replaced backend "local" ("terraform.tfstate"): state goes to S3
  # Remote state (tfready fix): encrypted, S3 native locking
  # (Terraform >= 1.10; no DynamoDB table needed). Create the bucket with
  # `tfready bootstrap-state --bucket coherent-terraform-state-us-east-1`, then `terraform init -migrate-state`.
  backend "s3" {
    bucket       = "coherent-terraform-state-us-east-1"
    key          = "prod/terraform.tfstate"
    region       = "us-east-1"
    encrypt      = true
    use_lockfile = true
  }
}

provider "aws" {
  region = var.aws_region

  # Required tags on every resource (tfready fix).
  default_tags {
    tags = merge({ Project = var.project_name, Environment = var.environment, Owner = var.owner_tag, CostCenter = var.cost_center_tag, ManagedBy = "Terraform", Application = var.project_name }, var.global_tags)
  }
}

# ============================================================================
# Networking - VPC, public/private subnets, security groups
# ============================================================================

module "vpc" {
  source = "./modules/vpc"

  project_name          = var.project_name
  vpc_name              = "${var.project_name}-vpc"
  vpc_cidr              = var.vpc_cidr
  ssh_allowed_cidr      = var.ssh_allowed_cidr
  global_tags           = var.global_tags
  alb_security_group_id = try(module.alb[0].alb_security_group_id, null)
}

# ============================================================================
# Storage - S3 bucket for build artifacts and uploads
# ============================================================================

module "s3" {
  source = "./modules/s3"

  project_name = var.project_name
  environment  = var.environment
  global_tags  = var.global_tags
}

# ============================================================================
# Database - RDS PostgreSQL in the private subnets
# ============================================================================

module "rds" {
  source = "./modules/rds"

  project_name                    = var.project_name
  environment                     = var.environment
  private_subnet_ids              = module.vpc.private_subnet_ids
  db_security_group_id            = module.vpc.db_security_group_id
  db_instance_class               = var.db_instance_class
  db_allocated_storage            = var.db_allocated_storage
  db_name                         = var.db_name
  db_username                     = var.db_username
  db_password                     = var.db_password
  global_tags                     = var.global_tags
  monitoring_role_arn             = module.rds_monitoring.monitoring_role_arn
  performance_insights_kms_key_id = module.monitoring.kms_key_arn
}

# ============================================================================
# Compute - single application server (API, web, Redis, nginx)
# ============================================================================

module "ec2" {
  source = "./modules/ec2"

  project_name          = var.project_name
  environment           = var.environment
  aws_region            = var.aws_region
  ec2_instance_type     = var.ec2_instance_type
  ec2_root_volume_size  = var.ec2_root_volume_size
  key_name              = var.key_name
  subnet_id             = module.vpc.public_subnet_ids[0]
  app_security_group_id = module.vpc.app_security_group_id
  s3_bucket_name        = module.s3.bucket_name
  s3_bucket_arn         = module.s3.bucket_arn
  user_data_script      = "scripts/user-data.sh"

  # Passed to the bootstrap script, which writes the app's .env file
  db_host         = module.rds.db_address
  db_port         = module.rds.db_port
  db_name         = var.db_name
  db_user         = var.db_username
  db_password     = var.db_password
  domain_name     = var.domain_name
  app_subdomain   = var.app_subdomain
  github_repo_url = var.github_repo_url

  global_tags      = var.global_tags
  db_secret_arn    = module.rds.db_master_user_secret_arn
  redis_secret_arn = module.elasticache.auth_token_secret_arn
  redis_host       = module.elasticache.primary_endpoint_address
  redis_port       = module.elasticache.port
  replaced_by_asg  = var.create_dns_records
}

# ============================================================================
# DNS - Route 53 zone for cohuron.com, app record -> Elastic IP
# ============================================================================

module "route53" {
  count  = var.create_dns_records ? 1 : 0
  source = "./modules/route53"

  project_name  = var.project_name
  domain_name   = var.domain_name
  app_subdomain = var.app_subdomain
  app_public_ip = module.ec2.public_ip
  global_tags   = var.global_tags
  alb_dns_name  = module.alb[0].alb_dns_name
  alb_zone_id   = module.alb[0].alb_zone_id
}

# Secrets Manager: app secrets and the app role's read access
# Added by `tfready fix`.
module "secrets" {
  source = "./modules/secrets"

  project_name               = var.project_name
  environment                = var.environment
  rds_master_user_secret_arn = module.rds.db_master_user_secret_arn
  app_secret_keys            = []
  app_role_names             = [module.ec2.ec2_role_name]
  tags                       = var.global_tags
  additional_secret_arns     = [module.elasticache.auth_token_secret_arn]
}

# ACM certificate with DNS validation; AWS renews it
# Added by `tfready fix`.
module "acm" {
  source = "./modules/acm"
  count  = var.create_dns_records ? 1 : 0

  project_name   = var.project_name
  domain_name    = var.domain_name
  app_subdomain  = var.app_subdomain
  hosted_zone_id = module.route53[0].hosted_zone_id
  tags           = var.global_tags
}

# CloudWatch alarms, SNS alerts, log groups and a dashboard
# Added by `tfready fix`.
module "monitoring" {
  source = "./modules/monitoring"

  project_name = var.project_name
  environment  = var.environment
  alert_emails = var.alert_emails
  rds          = { instance_id = module.rds.db_instance_id }
  tags         = var.global_tags
  alb          = var.create_dns_records ? { arn_suffix = module.alb[0].alb_arn_suffix, target_group_arn_suffix = module.alb[0].target_group_arn_suffix } : null
  asg          = var.create_dns_records ? { name = module.asg[0].asg_name, min_size = module.asg[0].min_size } : null
}

# Application Load Balancer: TLS 1.3, HTTP->HTTPS, health checks, access logs
# Added by `tfready fix`.
module "alb" {
  source = "./modules/alb"
  count  = var.create_dns_records ? 1 : 0

  project_name          = var.project_name
  environment           = var.environment
  vpc_id                = module.vpc.vpc_id
  public_subnet_ids     = module.vpc.public_subnet_ids
  certificate_arn       = module.acm[0].certificate_arn
  app_security_group_id = module.vpc.app_security_group_id
  tags                  = var.global_tags
}

# Managed Redis: encrypted, auth token, Multi-AZ in prod, snapshots
# Added by `tfready fix`.
module "elasticache" {
  source = "./modules/elasticache"

  project_name          = var.project_name
  environment           = var.environment
  vpc_id                = module.vpc.vpc_id
  private_subnet_ids    = module.vpc.private_subnet_ids
  app_security_group_id = module.vpc.app_security_group_id
  tags                  = var.global_tags
}

# WAF: rate limit, AWS managed rules, logging
# Added by `tfready fix`.
module "waf" {
  source = "./modules/waf"
  count  = var.create_dns_records ? 1 : 0

  project_name = var.project_name
  environment  = var.environment
  alb_arn      = module.alb[0].alb_arn
  tags         = var.global_tags
}

# VPC flow logs to CloudWatch Logs
# Added by `tfready fix`.
module "flow_logs" {
  source = "./modules/flow_logs"

  project_name = var.project_name
  environment  = var.environment
  vpc_id       = module.vpc.vpc_id
  tags         = var.global_tags
}

# RDS enhanced monitoring role and log groups
# Added by `tfready fix`.
module "rds_monitoring" {
  source = "./modules/rds_monitoring"

  project_name           = var.project_name
  environment            = var.environment
  db_instance_identifier = module.rds.db_instance_id
  tags                   = var.global_tags
}

# Auto Scaling group behind the load balancer: the app's servers
# Added by `tfready fix`.
module "asg" {
  source = "./modules/asg"
  count  = var.create_dns_records ? 1 : 0

  project_name          = var.project_name
  environment           = var.environment
  subnet_ids            = module.vpc.public_subnet_ids
  app_security_group_id = module.vpc.app_security_group_id
  target_group_arns     = [module.alb[0].target_group_arn]
  instance_type         = module.ec2.app_launch_instance_type
  instance_profile_name = module.ec2.app_launch_iam_instance_profile
  ami_id                = module.ec2.app_launch_ami
  user_data             = module.ec2.app_launch_user_data
  root_volume_size      = module.ec2.app_launch_root_volume_size
  alarm_topic_arn       = module.monitoring.sns_topic_arn
  tags                  = var.global_tags
}

# AWS Backup: daily and weekly rules, vault, selection
# Added by `tfready fix`.
module "backup" {
  source = "./modules/backup"

  project_name  = var.project_name
  environment   = var.environment
  resource_arns = [module.rds.db_arn]
  tags          = var.global_tags
}

# GuardDuty with its protection plans; findings to SNS
# Added by `tfready fix`.
module "guardduty" {
  source = "./modules/guardduty"

  project_name = var.project_name
  environment  = var.environment
  alert_emails = var.alert_emails
  tags         = var.global_tags
}

# Session Manager: logged shell access without SSH
# Added by `tfready fix`.
module "session_manager" {
  source = "./modules/session_manager"

  project_name           = var.project_name
  environment            = var.environment
  instance_role_name     = module.ec2.ec2_role_name
  attach_ssm_core_policy = false # the role has it already
  tags                   = var.global_tags
}

# AWS Config recorder and delivery channel
# Added by `tfready fix`.
module "config" {
  source = "./modules/config"

  project_name = var.project_name
  environment  = var.environment
  tags         = var.global_tags
}

# Network ACLs for the public and private subnets
# Added by `tfready fix`.
module "nacl" {
  source = "./modules/nacl"

  project_name       = var.project_name
  environment        = var.environment
  vpc_id             = module.vpc.vpc_id
  vpc_cidr_block     = module.vpc.vpc_cidr_block
  public_subnet_ids  = module.vpc.public_subnet_ids
  private_subnet_ids = module.vpc.private_subnet_ids
  app_ports          = [80]
  private_ports      = [5432, 6379]
  tags               = var.global_tags
}

# CloudFront takes certificates and web ACLs from us-east-1 only.
# Added by `tfready fix`.
provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1" # CloudFront's region

  default_tags {
    tags = merge({ Project = var.project_name, Environment = var.environment, Owner = var.owner_tag, CostCenter = var.cost_center_tag, ManagedBy = "Terraform", Application = var.project_name }, var.global_tags)
  }
}

# WAF of the CloudFront distribution (CLOUDFRONT scope, us-east-1)
# Added by `tfready fix`.
module "waf_cloudfront" {
  source = "./modules/waf"
  count  = var.create_dns_records ? 1 : 0

  providers = { aws = aws.us_east_1 }

  project_name = var.project_name
  environment  = var.environment
  scope        = "CLOUDFRONT"
  tags         = var.global_tags
}

# CloudFront in front of the load balancer: edge caching, HTTPS, WAF
# Added by `tfready fix`.
module "cloudfront" {
  source = "./modules/cloudfront"
  count  = var.create_dns_records ? 1 : 0

  providers = {
    aws           = aws
    aws.us_east_1 = aws.us_east_1
  }

  project_name   = var.project_name
  environment    = var.environment
  alb_dns_name   = module.alb[0].alb_dns_name
  aliases        = ["${var.app_subdomain}.${var.domain_name}"]
  hosted_zone_id = module.route53[0].hosted_zone_id
  web_acl_arn    = module.waf_cloudfront[0].web_acl_arn
  tags           = var.global_tags
}

# Read replica of the database, in production
# Added by `tfready fix`.
module "read_replica" {
  source = "./modules/read_replica"

  project_name           = var.project_name
  environment            = var.environment
  enabled                = var.environment == "prod"
  source_db_identifier   = module.rds.db_instance_id
  instance_class         = module.rds.db_instance_coherent_db_instance_class
  vpc_security_group_ids = module.rds.db_instance_coherent_db_vpc_security_group_ids
  log_exports            = module.rds.db_instance_coherent_db_enabled_cloudwatch_logs_exports
  monitoring_role_arn    = module.rds_monitoring.monitoring_role_arn
  alarm_topic_arn        = module.monitoring.sns_topic_arn
  tags                   = var.global_tags
}
