# prod: terraform plan -var-file=environments/prod.tfvars
# The values the stack has today.
# Secrets are not kept here (Secrets Manager holds them).

environment = "prod"

aws_region           = "us-east-1"
project_name         = "coherent"
domain_name          = "cohuron.com"
app_subdomain        = "app"
create_dns_records   = true
vpc_cidr             = "10.0.0.0/16"
ssh_allowed_cidr     = ["0.0.0.0/0"]
ec2_instance_type    = "t3.medium"
ec2_root_volume_size = 30
key_name             = "huron-pmo-prod"
github_repo_url      = "https://github.com/huron-home-services/coherent-pmo.git"
db_instance_class    = "db.t3.micro"
db_allocated_storage = 20
db_name              = "coherent"
db_username          = "pmo_admin"
global_tags          = {
  Project   = "Coherent"
  ManagedBy = "Terraform"
}
