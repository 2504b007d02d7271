environment = "prod"
domain      = "larkspur.example.net"

public_subnets = {
  "eu-central-1a" = "172.31.0.0/20"
  "eu-central-1b" = "172.31.16.0/20"
  "eu-central-1c" = "172.31.32.0/20"
}

private_subnets = {
  "eu-central-1a" = "172.31.128.0/20"
  "eu-central-1b" = "172.31.144.0/20"
  "eu-central-1c" = "172.31.160.0/20"
}

instance_type     = "m6i.large"
key_name          = "larkspur-prod"
db_instance_class = "db.m6g.large"
db_password       = "Lk$pur-Prod-7731"
