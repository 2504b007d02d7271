# A team that keeps everything in one directory, names things its own way,
# and writes security group rules as standalone resources.

terraform {
  required_version = ">= 1.6"
}

provider "aws" {
  region = var.region
}

locals {
  public_ports = { api = 8080, admin = 9000 }
}

resource "aws_vpc" "net" {
  cidr_block           = "172.16.0.0/16"
  enable_dns_hostnames = true
}

resource "aws_subnet" "edge" {
  for_each                = toset(["a", "b"])
  vpc_id                  = aws_vpc.net.id
  cidr_block              = cidrsubnet("172.16.0.0/16", 8, each.key == "a" ? 1 : 2)
  availability_zone       = "${var.region}${each.key}"
  map_public_ip_on_launch = true
}

resource "aws_security_group" "web" {
  name   = "shop-web"
  vpc_id = aws_vpc.net.id

  dynamic "ingress" {
    for_each = var.admin_networks
    content {
      description = "admin shell"
      from_port   = 22
      to_port     = 22
      protocol    = "tcp"
      cidr_blocks = [ingress.value]
    }
  }
}

resource "aws_vpc_security_group_ingress_rule" "public" {
  for_each          = local.public_ports
  security_group_id = aws_security_group.web.id
  from_port         = each.value
  to_port           = each.value
  ip_protocol       = "tcp"
  cidr_ipv6         = "::/0"
}
