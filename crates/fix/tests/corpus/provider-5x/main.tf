# Quarry reporting service, deployed into the account's default VPC.

data "aws_vpc" "default" {
  default = true
}

data "aws_subnets" "default" {
  filter {
    name   = "vpc-id"
    values = [data.aws_vpc.default.id]
  }
}

data "aws_ami" "al2023" {
  most_recent = true
  owners      = ["amazon"]

  filter {
    name   = "name"
    values = ["al2023-ami-2023.*-x86_64"]
  }
}

data "aws_caller_identity" "current" {}

resource "aws_security_group" "reports" {
  name        = "${var.name}-reports"
  description = "Reporting server"
  vpc_id      = data.aws_vpc.default.id

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    description      = "dashboard"
    from_port        = 8501
    to_port          = 8501
    protocol         = "tcp"
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = ["::/0"]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = var.tags
}

resource "aws_security_group" "postgres" {
  name        = "${var.name}-postgres"
  description = "Reporting database"
  vpc_id      = data.aws_vpc.default.id

  ingress {
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.reports.id]
  }

  tags = var.tags
}

resource "aws_instance" "reports" {
  ami                    = data.aws_ami.al2023.id
  instance_type          = var.instance_type
  subnet_id              = data.aws_subnets.default.ids[0]
  vpc_security_group_ids = [aws_security_group.reports.id]
  key_name               = var.key_name

  user_data = templatefile("${path.module}/user_data.sh", {
    db_endpoint    = aws_db_instance.reports.endpoint
    db_password    = var.db_password
    exports_bucket = aws_s3_bucket.exports.id
  })

  root_block_device {
    volume_size = 50
    encrypted   = false
  }

  tags = merge(var.tags, { Name = "${var.name}-reports" })
}

resource "aws_db_instance" "reports" {
  identifier             = "${var.name}-reports"
  engine                 = "postgres"
  engine_version         = "14.12"
  instance_class         = "db.t4g.large"
  allocated_storage      = 100
  username               = "reports"
  password               = var.db_password
  vpc_security_group_ids = [aws_security_group.postgres.id]
  publicly_accessible    = true
  skip_final_snapshot    = true
  tags                   = var.tags
}

resource "aws_s3_bucket" "exports" {
  bucket = "${var.name}-exports-${data.aws_caller_identity.current.account_id}"
  tags   = var.tags
}
