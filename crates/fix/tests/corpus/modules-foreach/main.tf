# Larkspur booking API: network, app and data split into local modules.
# Pick an environment with: terraform apply -var-file=envs/prod.tfvars

terraform {
  required_version = ">= 1.6.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
  }
}

provider "aws" {
  region = var.region
}

data "aws_route53_zone" "main" {
  name = var.domain
}

module "network" {
  source = "./modules/network"

  project         = var.project
  environment     = var.environment
  vpc_cidr        = var.vpc_cidr
  public_subnets  = var.public_subnets
  private_subnets = var.private_subnets
  app_port        = var.app_port
}

module "data" {
  source = "./modules/data"

  project            = var.project
  environment        = var.environment
  private_subnet_ids = module.network.private_subnet_ids
  db_sg_id           = module.network.db_sg_id
  db_instance_class  = var.db_instance_class
  db_username        = var.db_username
  db_password        = var.db_password
}

module "app" {
  source = "./modules/app"

  project           = var.project
  environment       = var.environment
  region            = var.region
  instance_type     = var.instance_type
  key_name          = var.key_name
  public_subnet_ids = module.network.public_subnet_ids
  app_sg_id         = module.network.app_sg_id
  app_port          = var.app_port
  hostname          = "api.${var.domain}"
  db_host           = module.data.db_address
  db_name           = module.data.db_name
  db_username       = var.db_username
  db_password       = var.db_password
  uploads_bucket    = module.data.uploads_bucket
}

resource "aws_route53_record" "api" {
  zone_id = data.aws_route53_zone.main.zone_id
  name    = "api.${var.domain}"
  type    = "A"
  ttl     = 60
  records = [module.app.public_ip]
}
