# Maplewood clinic scheduler: one app server and an Aurora PostgreSQL cluster.

terraform {
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }

  backend "local" {
    path = "state/maplewood.tfstate"
  }
}

provider "aws" {
  region = var.region
}

data "aws_ami" "ubuntu" {
  most_recent = true
  owners      = ["099720109477"]

  filter {
    name   = "name"
    values = ["ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-*"]
  }
}

# --- Network -----------------------------------------------------------------

resource "aws_vpc" "this" {
  cidr_block           = "10.20.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = {
    Name    = "${var.project}-vpc"
    Project = var.project
  }
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id
}

resource "aws_subnet" "app" {
  vpc_id                  = aws_vpc.this.id
  cidr_block              = "10.20.0.0/24"
  availability_zone       = "${var.region}a"
  map_public_ip_on_launch = true
}

resource "aws_subnet" "db" {
  count             = 2
  vpc_id            = aws_vpc.this.id
  cidr_block        = "10.20.${10 + count.index}.0/24"
  availability_zone = element(["${var.region}a", "${var.region}b"], count.index)
}

resource "aws_route_table" "app" {
  vpc_id = aws_vpc.this.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.this.id
  }
}

resource "aws_route_table_association" "app" {
  subnet_id      = aws_subnet.app.id
  route_table_id = aws_route_table.app.id
}

resource "aws_security_group" "app" {
  name        = "${var.project}-app"
  description = "Scheduler app server"
  vpc_id      = aws_vpc.this.id

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = var.admin_cidrs
  }

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    description = "node app"
    from_port   = 4500
    to_port     = 4500
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
  name        = "${var.project}-db"
  description = "Aurora PostgreSQL"
  vpc_id      = aws_vpc.this.id

  ingress {
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.app.id]
  }
}

# --- Aurora ------------------------------------------------------------------

resource "aws_db_subnet_group" "aurora" {
  name       = "${var.project}-aurora"
  subnet_ids = aws_subnet.db[*].id
}

resource "aws_rds_cluster" "main" {
  cluster_identifier      = "${var.project}-aurora"
  engine                  = "aurora-postgresql"
  engine_version          = "16.4"
  database_name           = "scheduler"
  master_username         = "scheduler"
  master_password         = var.master_password
  db_subnet_group_name    = aws_db_subnet_group.aurora.name
  vpc_security_group_ids  = [aws_security_group.db.id]
  backup_retention_period = 1
  preferred_backup_window = "07:00-08:00"
  skip_final_snapshot     = true
  apply_immediately       = true
}

resource "aws_rds_cluster_instance" "writer" {
  identifier          = "${var.project}-aurora-1"
  cluster_identifier  = aws_rds_cluster.main.id
  instance_class      = var.db_instance_class
  engine              = aws_rds_cluster.main.engine
  engine_version      = aws_rds_cluster.main.engine_version
  publicly_accessible = false
}

# --- App server --------------------------------------------------------------

resource "aws_cloudwatch_log_group" "app" {
  name = "/${var.project}/app"
}

resource "aws_instance" "app" {
  ami                    = data.aws_ami.ubuntu.id
  instance_type          = var.instance_type
  subnet_id              = aws_subnet.app.id
  vpc_security_group_ids = [aws_security_group.app.id]
  key_name               = var.key_name

  user_data = <<-EOF
    #!/bin/bash
    set -euo pipefail
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -y
    apt-get install -y nginx redis-server nodejs npm certbot python3-certbot-nginx

    APP_HOME=/srv/scheduler
    mkdir -p "$${APP_HOME}"
    cat > "$${APP_HOME}/.env" <<ENV
    PORT=4500
    PGHOST=${aws_rds_cluster.main.endpoint}
    PGDATABASE=${aws_rds_cluster.main.database_name}
    PGUSER=${aws_rds_cluster.main.master_username}
    PGPASSWORD=${var.master_password}
    REDIS_URL=redis://localhost:6379
    LOG_GROUP=${aws_cloudwatch_log_group.app.name}
    ENV
    chmod 600 "$${APP_HOME}/.env"

    npm install --global --omit=dev scheduler-server@${var.app_version}

    cat > /etc/systemd/system/scheduler.service <<UNIT
    [Unit]
    Description=Clinic scheduler
    After=network-online.target redis-server.service

    [Service]
    EnvironmentFile=$${APP_HOME}/.env
    ExecStart=/usr/local/bin/scheduler-server
    Restart=always

    [Install]
    WantedBy=multi-user.target
    UNIT
    systemctl daemon-reload
    systemctl enable --now redis-server scheduler
  EOF

  tags = {
    Name    = "${var.project}-app"
    Project = var.project
  }
}

resource "aws_eip" "app" {
  domain   = "vpc"
  instance = aws_instance.app.id
}
