resource "aws_instance" "shop" {
  ami                         = "ami-0abcdef1234567890"
  instance_type               = "t3.large"
  subnet_id                   = aws_subnet.edge["a"].id
  vpc_security_group_ids      = [aws_security_group.web.id]
  associate_public_ip_address = true
  key_name                    = "shop-admin"

  user_data = <<-EOT
    #!/bin/bash
    apt-get update && apt-get install -y redis-server nginx certbot
    systemctl enable --now redis-server
    certbot --nginx -d ${var.hostname} --agree-tos -m ops@example.org
  EOT
}

resource "aws_db_instance" "orders" {
  identifier        = "shop-orders"
  engine            = "mysql"
  instance_class    = "db.t4g.small"
  allocated_storage = 50
  username          = "shop"
  password          = var.orders_db_pass
  multi_az          = false
}

resource "aws_route53_record" "shop" {
  zone_id = var.zone_id
  name    = var.hostname
  type    = "A"
  ttl     = 60
  records = [aws_instance.shop.public_ip]
}
