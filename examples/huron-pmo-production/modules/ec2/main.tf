# ============================================================================
# EC2 Module - Huron PMO application server
# ============================================================================
# One Ubuntu 22.04 instance in a public subnet behind an Elastic IP. The
# bootstrap script (user data) sets up everything on the box:
#   - API server (Node, port 4000) and web app (Vite, port 5173)
#   - Redis 7 in Docker, used by the API for sessions and job queues
#   - nginx as reverse proxy, TLS from Let's Encrypt via certbot
# ============================================================================

# Latest Ubuntu 22.04 LTS (Jammy) AMI published by Canonical
data "aws_ami" "ubuntu" {
  most_recent = true
  owners      = ["099720109477"] # Canonical

  filter {
    name   = "name"
    values = ["ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*"]
  }

  filter {
    name   = "virtualization-type"
    values = ["hvm"]
  }
}

# ----------------------------------------------------------------------------
# IAM - instance role and profile
# ----------------------------------------------------------------------------

resource "aws_iam_role" "ec2_role" {
  name = "${var.project_name}-${var.environment}-ec2-role"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        Principal = {
          Service = "ec2.amazonaws.com"
        }
        Action = "sts:AssumeRole"
      }
    ]
  })

  tags = merge(var.global_tags, {
    Name = "${var.project_name}-ec2-role"
  })
}

# Read access to the artifacts bucket (release bundles, uploaded files)
resource "aws_iam_role_policy" "s3_artifacts_read" {
  name = "${var.project_name}-ec2-s3-read"
  role = aws_iam_role.ec2_role.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        Action = ["s3:GetObject", "s3:ListBucket"]
        Resource = [
          var.s3_bucket_arn,
          "${var.s3_bucket_arn}/*"
        ]
      }
    ]
  })
}

# Session Manager as a fallback when SSH is not available
resource "aws_iam_role_policy_attachment" "ssm" {
  role       = aws_iam_role.ec2_role.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

resource "aws_iam_instance_profile" "ec2_profile" {
  name = "${var.project_name}-${var.environment}-ec2-profile"
  role = aws_iam_role.ec2_role.name

  tags = merge(var.global_tags, {
    Name = "${var.project_name}-ec2-profile"
  })
}

# ----------------------------------------------------------------------------
# Application server
# ----------------------------------------------------------------------------

resource "aws_instance" "app" {
  count = var.replaced_by_asg ? 0 : 1

  ami                    = data.aws_ami.ubuntu.id
  instance_type          = var.ec2_instance_type
  subnet_id              = var.subnet_id
  vpc_security_group_ids = [var.app_security_group_id]
  key_name               = var.key_name
  iam_instance_profile   = aws_iam_instance_profile.ec2_profile.name

  root_block_device {
    volume_size           = var.ec2_root_volume_size
    volume_type           = "gp3"
    delete_on_termination = true
  }

  # First-boot setup: Docker + Redis, Node, app checkout, nginx, certbot.
  # The script lives at the root of the stack (scripts/user-data.sh).
  user_data = templatefile("${path.root}/${var.user_data_script}", {
    db_host          = var.db_host
    db_port          = var.db_port
    db_name          = var.db_name
    db_user          = var.db_user
    db_password      = var.db_password
    s3_bucket        = var.s3_bucket_name
    aws_region       = var.aws_region
    domain_name      = var.domain_name
    app_subdomain    = var.app_subdomain
    github_repo_url  = var.github_repo_url
    project_name     = var.project_name
    db_secret_arn    = var.db_secret_arn
    redis_secret_arn = var.redis_secret_arn
    redis_host       = var.redis_host
    redis_port       = var.redis_port
  })

  tags = merge(var.global_tags, {
    Name = "${var.project_name}-${var.environment}-app"
  })

  volume_tags = merge(var.global_tags, {
    Name = "${var.project_name}-${var.environment}-app-root"
  })

  lifecycle {
    # Don't rebuild the server when Canonical publishes a new AMI or when the
    # bootstrap script changes; it only runs on first boot anyway.
    ignore_changes = [ami, user_data]
  }

  # IMDSv2 only: a request forgery in the app cannot read the role's credentials.
  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "required"
  }
  monitoring    = true
  ebs_optimized = true
}

# Static public IP so DNS (app.cohuron.com) survives stop/start
resource "aws_eip" "app" {
  count = var.replaced_by_asg ? 0 : 1

  domain   = "vpc"
  instance = aws_instance.app[0].id

  tags = merge(var.global_tags, {
    Name = "${var.project_name}-${var.environment}-app-eip"
  })
}

# Added by `tfready fix`: the Auto Scaling group retires these; their state moves to index 0.
moved {
  from = aws_instance.app
  to   = aws_instance.app[0]
}

moved {
  from = aws_eip.app
  to   = aws_eip.app[0]
}
