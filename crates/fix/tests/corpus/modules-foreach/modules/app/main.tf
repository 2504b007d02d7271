# One API server kept alive by an Auto Scaling group of one. The instance
# grabs the Elastic IP itself at boot so DNS never has to change.

data "aws_ssm_parameter" "ubuntu" {
  name = "/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id"
}

resource "aws_eip" "api" {
  domain = "vpc"

  tags = {
    Name = "${var.project}-${var.environment}-api"
  }
}

resource "aws_iam_role" "api" {
  name = "${var.project}-${var.environment}-api"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "api" {
  name = "eip-and-uploads"
  role = aws_iam_role.api.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["ec2:AssociateAddress", "ec2:DescribeAddresses"]
        Resource = "*"
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject"]
        Resource = "arn:aws:s3:::${var.uploads_bucket}/*"
      }
    ]
  })
}

resource "aws_iam_instance_profile" "api" {
  name = "${var.project}-${var.environment}-api"
  role = aws_iam_role.api.name
}

resource "aws_launch_template" "api" {
  name_prefix   = "${var.project}-${var.environment}-api-"
  image_id      = data.aws_ssm_parameter.ubuntu.value
  instance_type = var.instance_type
  key_name      = var.key_name

  iam_instance_profile {
    name = aws_iam_instance_profile.api.name
  }

  network_interfaces {
    associate_public_ip_address = true
    security_groups             = [var.app_sg_id]
  }

  block_device_mappings {
    device_name = "/dev/sda1"

    ebs {
      volume_size = 30
      volume_type = "gp3"
    }
  }

  user_data = base64encode(templatefile("${path.module}/templates/bootstrap.sh.tpl", {
    region         = var.region
    allocation_id  = aws_eip.api.allocation_id
    hostname       = var.hostname
    app_port       = var.app_port
    db_host        = var.db_host
    db_name        = var.db_name
    db_username    = var.db_username
    db_password    = var.db_password
    uploads_bucket = var.uploads_bucket
  }))

  tag_specifications {
    resource_type = "instance"

    tags = {
      Name        = "${var.project}-${var.environment}-api"
      Environment = var.environment
    }
  }
}

resource "aws_autoscaling_group" "api" {
  name                = "${var.project}-${var.environment}-api"
  min_size            = 1
  max_size            = 1
  desired_capacity    = 1
  vpc_zone_identifier = var.public_subnet_ids
  health_check_type   = "EC2"

  launch_template {
    id      = aws_launch_template.api.id
    version = "$Latest"
  }
}
