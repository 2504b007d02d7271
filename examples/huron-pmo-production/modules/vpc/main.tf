# ============================================================================
# VPC Module - Huron PMO Platform
# ============================================================================
# Layout (10.0.0.0/16 by default):
#   - 2 public subnets  (app server, internet-facing)
#   - 2 private subnets (RDS PostgreSQL)
#   - Internet gateway for the public subnets
#   - No NAT gateway: nothing in the private subnets needs outbound access,
#     and it saves ~$32/month.
#
# Subnets are carved out of vpc_cidr with cidrsubnet(), one /24 per AZ:
#   public  -> netnum 0, 1    (10.0.0.0/24,  10.0.1.0/24)
#   private -> netnum 10, 11  (10.0.10.0/24, 10.0.11.0/24)
# ============================================================================

data "aws_availability_zones" "available" {
  state = "available"
}

locals {
  # Two AZs are enough for the RDS subnet group requirement.
  azs = slice(data.aws_availability_zones.available.names, 0, 2)
}

# ----------------------------------------------------------------------------
# VPC
# ----------------------------------------------------------------------------

resource "aws_vpc" "coherent_vpc" {
  # checkov:skip=CKV2_AWS_11:flow logs are module.flow_logs in the root module (tfready fix); checkov does not follow references across modules
  cidr_block           = var.vpc_cidr
  instance_tenancy     = "default"
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = merge(var.global_tags, {
    Name = var.vpc_name
  })
}

# ----------------------------------------------------------------------------
# Internet Gateway
# ----------------------------------------------------------------------------

# The public route table sends 0.0.0.0/0 here.
resource "aws_internet_gateway" "igw" {
  vpc_id = aws_vpc.coherent_vpc.id

  tags = merge(var.global_tags, {
    Name = "${var.vpc_name}-igw"
  })
}

# ----------------------------------------------------------------------------
# Subnets
# ----------------------------------------------------------------------------

# Public subnets: 10.0.0.0/24, 10.0.1.0/24
resource "aws_subnet" "public" {
  count                   = length(local.azs)
  vpc_id                  = aws_vpc.coherent_vpc.id
  cidr_block              = cidrsubnet(var.vpc_cidr, 8, count.index)
  availability_zone       = local.azs[count.index]
  map_public_ip_on_launch = true

  tags = merge(var.global_tags, {
    Name = "${var.vpc_name}-public-${local.azs[count.index]}"
    Tier = "public"
  })
}

# Private subnets: 10.0.10.0/24, 10.0.11.0/24
# No public IPs here: only RDS lives in these subnets.
resource "aws_subnet" "private" {
  count             = length(local.azs)
  vpc_id            = aws_vpc.coherent_vpc.id
  cidr_block        = cidrsubnet(var.vpc_cidr, 8, count.index + 10)
  availability_zone = local.azs[count.index]

  tags = merge(var.global_tags, {
    Name = "${var.vpc_name}-private-${local.azs[count.index]}"
    Tier = "private"
  })
}

# ----------------------------------------------------------------------------
# Route tables
# ----------------------------------------------------------------------------

# Public route table: default route to the internet gateway.
resource "aws_route_table" "public" {
  vpc_id = aws_vpc.coherent_vpc.id

  tags = merge(var.global_tags, {
    Name = "${var.vpc_name}-public-rt"
  })
}

resource "aws_route" "public_internet" {
  route_table_id         = aws_route_table.public.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.igw.id
}

# Both public subnets share the public route table.
resource "aws_route_table_association" "public" {
  count          = length(aws_subnet.public)
  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}

# Private route table has only the local route (no NAT gateway).
resource "aws_route_table" "private" {
  vpc_id = aws_vpc.coherent_vpc.id

  tags = merge(var.global_tags, {
    Name = "${var.vpc_name}-private-rt"
  })
}

# Both private subnets share the private route table.
resource "aws_route_table_association" "private" {
  count          = length(aws_subnet.private)
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private.id
}

# ----------------------------------------------------------------------------
# Security group - application server
# ----------------------------------------------------------------------------
# Ports:
#   22   - SSH for deploys and certbot renewals (ssh_allowed_cidr)
#   80   - nginx, HTTP (redirects to HTTPS, certbot HTTP-01 challenge)
#   443  - nginx, HTTPS (Let's Encrypt certificate on the instance)
#   4000 - API server (Node), proxied by nginx at /api
#   5173 - Web server (Vite), proxied by nginx at /
#
# nginx proxies to the API and the web app, but 4000 and 5173 are also
# opened directly so the team can hit the servers while debugging.
# db_sg below allows PostgreSQL from this group only.

resource "aws_security_group" "app_sg" {
  name        = "${var.project_name}-app-sg"
  description = "Application server: SSH, HTTP/HTTPS, API and web ports"
  vpc_id      = aws_vpc.coherent_vpc.id

  # tfready: removed ingress ("API Server", 4000, 4000, "tcp", ["0.0.0.0/0"]): application ports are not open to the internet
  # tfready: removed ingress ("Web Server", 5173, 5173, "tcp", ["0.0.0.0/0"]): application ports are not open to the internet
  # tfready: removed ingress ("SSH", 22, 22, "tcp", var.ssh_allowed_cidr): public ingress replaced: the app is reached through the ALB only
  # tfready: removed ingress ("HTTP", 80, 80, "tcp", ["0.0.0.0/0"]): public ingress replaced: the app is reached through the ALB only
  # tfready: removed ingress ("HTTPS", 443, 443, "tcp", ["0.0.0.0/0"]): public ingress replaced: the app is reached through the ALB only
  egress {
    description = "All outbound traffic"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  # Added by `tfready fix`: the load balancer is the only way in.
  dynamic "ingress" {
    for_each = compact([var.alb_security_group_id])
    content {
      description     = "HTTP from the load balancer"
      from_port       = 80
      to_port         = 80
      protocol        = "tcp"
      security_groups = [ingress.value]
    }
  }

  tags = merge(var.global_tags, {
    Name = "${var.project_name}-app-sg"
  })
}

# ----------------------------------------------------------------------------
# Security group - database
# ----------------------------------------------------------------------------

resource "aws_security_group" "db_sg" {
  name        = "${var.project_name}-db-sg"
  description = "RDS PostgreSQL: access from the application server only"
  vpc_id      = aws_vpc.coherent_vpc.id

  ingress {
    description     = "PostgreSQL from app server"
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.app_sg.id]
  }

  # tfready: removed egress ("All outbound traffic", 0, 0, "-1", ["0.0.0.0/0"]): the database opens no connections to the internet (replies to the app need no egress rule)
  tags = merge(var.global_tags, {
    Name = "${var.project_name}-db-sg"
  })
  # tfready: no egress rule is left; `egress = []` (not an absent block) makes Terraform revoke the removed ones
  egress = []
}

# Added by `tfready fix`: the VPC's default security group allows nothing;
# every resource names its own group.
resource "aws_default_security_group" "coherent_vpc" {
  vpc_id = aws_vpc.coherent_vpc.id
}
