# Redwood field-ops: network and database in the root, the app server in a
# module that can be switched off (var.enable = false) between seasons.

terraform {
  required_version = ">= 1.6.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
}

provider "aws" {
  region = var.region
}

data "aws_availability_zones" "azs" {
  state = "available"
}

locals {
  az_count = 2
}

resource "aws_vpc" "main" {
  cidr_block           = var.cidr
  enable_dns_hostnames = true
  tags                 = merge(var.tags, { Name = var.project })
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
  tags   = var.tags
}

resource "aws_subnet" "public" {
  count                   = local.az_count
  vpc_id                  = aws_vpc.main.id
  cidr_block              = cidrsubnet(var.cidr, 8, count.index)
  availability_zone       = data.aws_availability_zones.azs.names[count.index]
  map_public_ip_on_launch = true
  tags                    = merge(var.tags, { Name = "${var.project}-public-${count.index}" })
}

resource "aws_subnet" "private" {
  count             = local.az_count
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(var.cidr, 8, count.index + 50)
  availability_zone = data.aws_availability_zones.azs.names[count.index]
  tags              = merge(var.tags, { Name = "${var.project}-private-${count.index}" })
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id
  tags   = var.tags
}

resource "aws_route" "default" {
  route_table_id         = aws_route_table.public.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.main.id
}

resource "aws_route_table_association" "public" {
  count          = local.az_count
  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}

resource "aws_security_group" "db" {
  name        = "${var.project}-db"
  description = "Postgres, open to the VPC"
  vpc_id      = aws_vpc.main.id

  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = [var.cidr]
  }

  tags = var.tags
}

resource "aws_db_subnet_group" "main" {
  name       = "${var.project}-db"
  subnet_ids = aws_subnet.private[*].id
  tags       = var.tags
}

resource "aws_db_instance" "main" {
  identifier              = "${var.project}-db"
  engine                  = "postgres"
  engine_version          = "16.4"
  instance_class          = "db.t4g.medium"
  allocated_storage       = 50
  db_name                 = "fieldops"
  username                = "fieldops"
  password                = var.db_password
  db_subnet_group_name    = aws_db_subnet_group.main.name
  vpc_security_group_ids  = [aws_security_group.db.id]
  backup_retention_period = 3
  storage_encrypted       = true
  skip_final_snapshot     = true
  tags                    = var.tags
}

resource "aws_s3_bucket" "photos" {
  bucket = "${var.project}-field-photos"
  tags   = var.tags
}

resource "aws_s3_bucket_server_side_encryption_configuration" "photos" {
  bucket = aws_s3_bucket.photos.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

module "server" {
  source = "./modules/server"
  count  = var.enable ? 1 : 0

  name          = "${var.project}-app"
  vpc_id        = aws_vpc.main.id
  subnet_id     = aws_subnet.public[0].id
  instance_type = var.instance_type
  key_name      = var.key_name
  app_port      = 8443
  db_host       = aws_db_instance.main.address
  db_password   = var.db_password
  photos_bucket = aws_s3_bucket.photos.bucket
  tags          = var.tags
}

resource "aws_route53_record" "app" {
  count   = var.enable ? 1 : 0
  zone_id = var.zone_id
  name    = "fieldops.${var.domain}"
  type    = "A"
  ttl     = 300
  records = [module.server[0].public_ip]
}
