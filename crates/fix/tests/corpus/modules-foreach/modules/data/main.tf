data "aws_caller_identity" "current" {}

resource "aws_db_subnet_group" "this" {
  name       = "${var.project}-${var.environment}"
  subnet_ids = var.private_subnet_ids
}

resource "aws_db_instance" "mysql" {
  identifier     = "${var.project}-${var.environment}"
  engine         = "mysql"
  engine_version = "8.0.39"
  instance_class = var.db_instance_class

  allocated_storage = 50
  storage_type      = "gp3"

  db_name  = "bookings"
  username = var.db_username
  password = var.db_password

  db_subnet_group_name    = aws_db_subnet_group.this.name
  vpc_security_group_ids  = [var.db_sg_id]
  backup_retention_period = 1
  skip_final_snapshot     = true

  tags = {
    Environment = var.environment
  }
}

resource "aws_s3_bucket" "uploads" {
  bucket = "${var.project}-${var.environment}-uploads-${data.aws_caller_identity.current.account_id}"
}

resource "aws_s3_bucket_versioning" "uploads" {
  bucket = aws_s3_bucket.uploads.id

  versioning_configuration {
    status = "Suspended"
  }
}
