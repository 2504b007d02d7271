# Lumen newsletter platform. One configuration, one workspace per environment:
#   terraform workspace select staging   (or prod)

terraform {
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
}

provider "aws" {
  region = "eu-north-1"
}

locals {
  env = terraform.workspace

  settings = {
    default = { instance_type = "t3.small", db_class = "db.t4g.small", db_storage = 20, cidr = "10.77.0.0/16" }
    staging = { instance_type = "t3.small", db_class = "db.t4g.small", db_storage = 20, cidr = "10.78.0.0/16" }
    prod    = { instance_type = "m6i.large", db_class = "db.m6g.large", db_storage = 100, cidr = "10.79.0.0/16" }
  }

  cfg    = lookup(local.settings, local.env, local.settings["default"])
  prefix = "${var.service}-${local.env}"

  tags = {
    Service     = var.service
    Environment = local.env
  }
}

data "aws_ami" "ubuntu" {
  most_recent = true
  owners      = ["099720109477"]

  filter {
    name   = "name"
    values = ["ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*"]
  }
}

resource "aws_vpc" "this" {
  cidr_block           = local.cfg.cidr
  enable_dns_hostnames = true
  tags                 = merge(local.tags, { Name = local.prefix })
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id
  tags   = local.tags
}

resource "aws_subnet" "public" {
  vpc_id                  = aws_vpc.this.id
  cidr_block              = cidrsubnet(local.cfg.cidr, 8, 0)
  availability_zone       = "eu-north-1a"
  map_public_ip_on_launch = true
  tags                    = merge(local.tags, { Name = "${local.prefix}-public" })
}

resource "aws_subnet" "private" {
  for_each          = toset(["eu-north-1a", "eu-north-1b"])
  vpc_id            = aws_vpc.this.id
  cidr_block        = cidrsubnet(local.cfg.cidr, 8, index(["eu-north-1a", "eu-north-1b"], each.key) + 20)
  availability_zone = each.key
  tags              = merge(local.tags, { Name = "${local.prefix}-private-${each.key}" })
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.this.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.this.id
  }

  tags = local.tags
}

resource "aws_route_table_association" "public" {
  subnet_id      = aws_subnet.public.id
  route_table_id = aws_route_table.public.id
}

resource "aws_security_group" "web" {
  name        = "${local.prefix}-web"
  description = "Newsletter web and API"
  vpc_id      = aws_vpc.this.id
  tags        = local.tags

  dynamic "ingress" {
    for_each = { ssh = 22, http = 80, https = 443, api = 8000 }

    content {
      description = ingress.key
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "db" {
  name        = "${local.prefix}-db"
  description = "Postgres from the web server"
  vpc_id      = aws_vpc.this.id
  tags        = local.tags

  ingress {
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.web.id]
  }
}

resource "aws_instance" "web" {
  ami                    = data.aws_ami.ubuntu.id
  instance_type          = local.cfg.instance_type
  subnet_id              = aws_subnet.public.id
  vpc_security_group_ids = [aws_security_group.web.id]
  key_name               = "${var.service}-${local.env}"

  user_data = <<-EOF
    #!/bin/bash
    set -euo pipefail
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -y
    apt-get install -y nginx redis-server python3-venv
    systemctl enable --now redis-server
    echo "LUMEN_ENV=${local.env}" >> /etc/environment
    echo "DATABASE_HOST=${aws_db_instance.this.address}" >> /etc/environment
  EOF

  tags = merge(local.tags, { Name = "${local.prefix}-web" })
}

resource "aws_eip" "web" {
  domain   = "vpc"
  instance = aws_instance.web.id
  tags     = local.tags
}

resource "aws_db_subnet_group" "this" {
  name       = local.prefix
  subnet_ids = [for s in aws_subnet.private : s.id]
  tags       = local.tags
}

resource "aws_db_instance" "this" {
  identifier             = local.prefix
  engine                 = "postgres"
  engine_version         = "16.4"
  instance_class         = local.cfg.db_class
  allocated_storage      = local.cfg.db_storage
  db_name                = "lumen"
  username               = "lumen"
  password               = var.db_password
  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [aws_security_group.db.id]
  multi_az               = false
  skip_final_snapshot    = local.env != "prod"
  tags                   = local.tags
}

resource "aws_s3_bucket" "media" {
  bucket = "${local.prefix}-media"
  tags   = local.tags
}

resource "aws_s3_bucket_public_access_block" "media" {
  bucket                  = aws_s3_bucket.media.id
  block_public_acls       = false
  block_public_policy     = false
  ignore_public_acls      = false
  restrict_public_buckets = false
}
