environment = "dev"
domain      = "larkspur-dev.example.net"

public_subnets = {
  "eu-central-1a" = "172.31.0.0/20"
  "eu-central-1b" = "172.31.16.0/20"
}

private_subnets = {
  "eu-central-1a" = "172.31.128.0/20"
  "eu-central-1b" = "172.31.144.0/20"
}

instance_type     = "t3.small"
key_name          = "larkspur-dev"
db_instance_class = "db.t4g.micro"
db_password       = "larkspur-dev-only"
