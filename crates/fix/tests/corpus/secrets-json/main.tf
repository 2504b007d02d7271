# Pampas payments webhook relay. Secrets are kept out of terraform.tfvars, in
# secrets.auto.tfvars.json, which Terraform loads automatically.

terraform {
  required_version = ">= 1.5"

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

data "aws_availability_zones" "available" {
  state = "available"
}

data "aws_ami" "al2023" {
  most_recent = true
  owners      = ["amazon"]

  filter {
    name   = "name"
    values = ["al2023-ami-2023.*-x86_64"]
  }
}

resource "aws_vpc" "main" {
  cidr_block           = "10.90.0.0/16"
  enable_dns_hostnames = true
  tags                 = { Name = var.app }
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
}

resource "aws_subnet" "public" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.90.0.0/24"
  availability_zone       = data.aws_availability_zones.available.names[0]
  map_public_ip_on_launch = true
  tags                    = { Name = "${var.app}-public" }
}

resource "aws_subnet" "data" {
  count             = 2
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.90.${count.index + 100}.0/24"
  availability_zone = data.aws_availability_zones.available.names[count.index]
  tags              = { Name = "${var.app}-data-${count.index}" }
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }
}

resource "aws_route_table_association" "public" {
  subnet_id      = aws_subnet.public.id
  route_table_id = aws_route_table.public.id
}

resource "aws_security_group" "relay" {
  name        = "${var.app}-relay"
  description = "Webhook relay"
  vpc_id      = aws_vpc.main.id

  ingress {
    description = "SSH"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    description = "webhooks"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    description = "relay admin UI"
    from_port   = 9443
    to_port     = 9443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "db" {
  name        = "${var.app}-db"
  description = "MariaDB"
  vpc_id      = aws_vpc.main.id

  ingress {
    from_port       = 3306
    to_port         = 3306
    protocol        = "tcp"
    security_groups = [aws_security_group.relay.id]
  }
}

resource "aws_db_subnet_group" "main" {
  name       = var.app
  subnet_ids = aws_subnet.data[*].id
}

resource "aws_db_instance" "ledger" {
  identifier                 = "${var.app}-ledger"
  engine                     = "mariadb"
  engine_version             = "10.11"
  instance_class             = var.db_instance_class
  allocated_storage          = 40
  db_name                    = "ledger"
  username                   = "relay"
  password                   = var.db_password
  db_subnet_group_name       = aws_db_subnet_group.main.name
  vpc_security_group_ids     = [aws_security_group.db.id]
  auto_minor_version_upgrade = true
  skip_final_snapshot        = true
}

resource "aws_instance" "relay" {
  ami                    = data.aws_ami.al2023.id
  instance_type          = var.instance_type
  subnet_id              = aws_subnet.public.id
  vpc_security_group_ids = [aws_security_group.relay.id]
  key_name               = var.key_name

  user_data = templatefile("${path.module}/templates/relay.tftpl", {
    api_key     = var.api_key
    db_host     = aws_db_instance.ledger.address
    db_password = var.db_password
    domain      = var.domain
  })
  user_data_replace_on_change = true

  tags = { Name = "${var.app}-relay" }
}

resource "aws_eip" "relay" {
  domain   = "vpc"
  instance = aws_instance.relay.id
}

resource "aws_s3_bucket" "archive" {
  bucket = "${var.app}-webhook-archive"
}

resource "aws_s3_bucket_versioning" "archive" {
  bucket = aws_s3_bucket.archive.id

  versioning_configuration {
    status = "Enabled"
  }
}
