# Tidepool storefront: one web box, one Postgres, one bucket.
# Everything lives in this directory; state is on the laptop that runs apply.

terraform {
  required_version = ">= 1.5.0"

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

data "aws_caller_identity" "current" {}

# Debian 12 (bookworm), published by the Debian cloud team
data "aws_ami" "debian" {
  most_recent = true
  owners      = ["136693071363"]

  filter {
    name   = "name"
    values = ["debian-12-amd64-*"]
  }

  filter {
    name   = "architecture"
    values = ["x86_64"]
  }
}

# --- Network -----------------------------------------------------------------

resource "aws_vpc" "main" {
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = {
    Name = "${var.name}-vpc"
  }
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id

  tags = {
    Name = "${var.name}-igw"
  }
}

resource "aws_subnet" "public" {
  count                   = length(var.azs)
  vpc_id                  = aws_vpc.main.id
  cidr_block              = cidrsubnet(var.vpc_cidr, 8, count.index)
  availability_zone       = var.azs[count.index]
  map_public_ip_on_launch = true

  tags = {
    Name = "${var.name}-public-${var.azs[count.index]}"
  }
}

resource "aws_subnet" "private" {
  count             = length(var.azs)
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(var.vpc_cidr, 8, count.index + 100)
  availability_zone = var.azs[count.index]

  tags = {
    Name = "${var.name}-private-${var.azs[count.index]}"
  }
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }

  tags = {
    Name = "${var.name}-public"
  }
}

resource "aws_route_table_association" "public" {
  count          = length(var.azs)
  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}

# --- Security groups (rules are separate resources) -------------------------

resource "aws_security_group" "web" {
  name        = "${var.name}-web"
  description = "Storefront web server"
  vpc_id      = aws_vpc.main.id
}

resource "aws_security_group_rule" "web_ssh" {
  type              = "ingress"
  description       = "SSH for the ops rota"
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.web.id
}

resource "aws_security_group_rule" "web_http" {
  type              = "ingress"
  from_port         = 80
  to_port           = 80
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.web.id
}

resource "aws_security_group_rule" "web_https" {
  type              = "ingress"
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.web.id
}

# Direct access to the Spring Boot app, handy when nginx is misbehaving
resource "aws_security_group_rule" "web_app" {
  type              = "ingress"
  description       = "storefront app"
  from_port         = 8080
  to_port           = 8080
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.web.id
}

resource "aws_security_group_rule" "web_egress" {
  type              = "egress"
  from_port         = 0
  to_port           = 0
  protocol          = "-1"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.web.id
}

resource "aws_security_group" "db" {
  name        = "${var.name}-db"
  description = "Postgres, reachable from the web server only"
  vpc_id      = aws_vpc.main.id
}

resource "aws_security_group_rule" "db_from_web" {
  type                     = "ingress"
  from_port                = 5432
  to_port                  = 5432
  protocol                 = "tcp"
  source_security_group_id = aws_security_group.web.id
  security_group_id        = aws_security_group.db.id
}

# --- Web server --------------------------------------------------------------

resource "aws_instance" "web" {
  ami                    = data.aws_ami.debian.id
  instance_type          = var.instance_type
  subnet_id              = aws_subnet.public[0].id
  vpc_security_group_ids = [aws_security_group.web.id]
  key_name               = var.key_name

  root_block_device {
    volume_size = 40
    volume_type = "gp3"
  }

  user_data = <<-EOF
    #!/bin/bash
    set -euo pipefail
    exec > >(tee -a /var/log/tidepool-bootstrap.log) 2>&1

    export DEBIAN_FRONTEND=noninteractive
    apt-get update -y
    apt-get install -y --no-install-recommends nginx redis-server certbot python3-certbot-nginx openjdk-17-jre-headless awscli curl

    # Redis holds carts and sessions
    sed -i 's/^# *maxmemory .*/maxmemory 512mb/' /etc/redis/redis.conf
    systemctl enable --now redis-server

    install -d -o admin -g admin /opt/storefront
    aws s3 cp "s3://${aws_s3_bucket.assets.bucket}/releases/storefront-${var.app_version}.jar" /opt/storefront/storefront.jar

    cat > /etc/systemd/system/storefront.service <<'UNIT'
    [Unit]
    Description=Tidepool storefront
    After=network-online.target redis-server.service

    [Service]
    User=admin
    WorkingDirectory=/opt/storefront
    Environment=SERVER_PORT=8080
    Environment=SPRING_DATASOURCE_URL=jdbc:postgresql://${aws_db_instance.main.endpoint}/${aws_db_instance.main.db_name}
    ExecStart=/usr/bin/java -Xmx2g -jar /opt/storefront/storefront.jar
    Restart=always

    [Install]
    WantedBy=multi-user.target
    UNIT
    systemctl daemon-reload
    systemctl enable --now storefront

    cat > /etc/nginx/sites-available/storefront <<'NGINX'
    server {
        listen 80;
        server_name ${aws_route53_zone.shop.name} www.${aws_route53_zone.shop.name};

        location / {
            proxy_pass http://127.0.0.1:8080;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }
    }
    NGINX
    ln -sf /etc/nginx/sites-available/storefront /etc/nginx/sites-enabled/storefront
    rm -f /etc/nginx/sites-enabled/default
    systemctl reload nginx

    certbot --nginx \
      -d ${aws_route53_zone.shop.name} \
      -d www.${aws_route53_zone.shop.name} \
      --non-interactive --agree-tos \
      -m ${var.admin_email} \
      --redirect || echo "certbot failed; rerun once DNS points at this box"
  EOF

  tags = {
    Name = "${var.name}-web"
  }
}

resource "aws_eip" "web" {
  domain   = "vpc"
  instance = aws_instance.web.id

  tags = {
    Name = "${var.name}-web"
  }
}

# --- Database ----------------------------------------------------------------

resource "aws_db_subnet_group" "main" {
  name       = "${var.name}-db"
  subnet_ids = aws_subnet.private[*].id
}

resource "aws_db_instance" "main" {
  identifier             = "${var.name}-pg"
  engine                 = "postgres"
  engine_version         = "15.7"
  instance_class         = var.db_instance_class
  allocated_storage      = 20
  db_name                = "storefront"
  username               = "storefront"
  password               = var.db_password
  db_subnet_group_name   = aws_db_subnet_group.main.name
  vpc_security_group_ids = [aws_security_group.db.id]
  skip_final_snapshot    = true
}

# --- Storage -----------------------------------------------------------------

resource "aws_s3_bucket" "assets" {
  bucket = "${var.name}-assets-${data.aws_caller_identity.current.account_id}"
}

# --- DNS ---------------------------------------------------------------------

resource "aws_route53_zone" "shop" {
  name = "shop.example.org"
}

resource "aws_route53_record" "apex" {
  zone_id = aws_route53_zone.shop.zone_id
  name    = aws_route53_zone.shop.name
  type    = "A"
  ttl     = 300
  records = [aws_eip.web.public_ip]
}

resource "aws_route53_record" "www" {
  zone_id = aws_route53_zone.shop.zone_id
  name    = "www.${aws_route53_zone.shop.name}"
  type    = "A"
  ttl     = 300
  records = [aws_eip.web.public_ip]
}
