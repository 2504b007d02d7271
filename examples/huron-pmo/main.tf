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
  backend "local" {
    path = "terraform.tfstate"
  }
}

provider "aws" {
  region = var.aws_region
}

# ============================================================================
# Networking - VPC, public/private subnets, security groups
# ============================================================================

module "vpc" {
  source = "./modules/vpc"

  project_name     = var.project_name
  vpc_name         = "${var.project_name}-vpc"
  vpc_cidr         = var.vpc_cidr
  ssh_allowed_cidr = var.ssh_allowed_cidr
  global_tags      = var.global_tags
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

  project_name         = var.project_name
  environment          = var.environment
  private_subnet_ids   = module.vpc.private_subnet_ids
  db_security_group_id = module.vpc.db_security_group_id
  db_instance_class    = var.db_instance_class
  db_allocated_storage = var.db_allocated_storage
  db_name              = var.db_name
  db_username          = var.db_username
  db_password          = var.db_password
  global_tags          = var.global_tags
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

  global_tags = var.global_tags
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
}
