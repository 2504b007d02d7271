# Huron PMO - production values
aws_region   = "us-east-1"
project_name = "coherent"
environment  = "prod"

# DNS
domain_name        = "cohuron.com"
app_subdomain      = "app"
create_dns_records = true

# Networking
vpc_cidr         = "10.0.0.0/16"
ssh_allowed_cidr = ["0.0.0.0/0"]

# App server
ec2_instance_type    = "t3.medium"
ec2_root_volume_size = 30
key_name             = "huron-pmo-prod"
github_repo_url      = "https://github.com/huron-home-services/coherent-pmo.git"

# Database
db_instance_class    = "db.t3.micro"
db_allocated_storage = 20
db_name              = "coherent"
db_username          = "pmo_admin"

# tfready: removed db_password = (sensitive value): secrets do not belong in variable files (Secrets Manager holds them)
global_tags = {
  Project   = "Coherent"
  ManagedBy = "Terraform"
}
