# ============================================================================
# Huron PMO Platform - Input Variables
# ============================================================================
# Values for the production stack live in terraform.tfvars.
# See terraform.tfvars.example for the full list of settings.
# Workflow: terraform plan -out tfplan && terraform apply tfplan
# ============================================================================

# ----------------------------------------------------------------------------
# General
# ----------------------------------------------------------------------------

variable "aws_region" {
  description = "AWS region to deploy the platform into"
  type        = string
  default     = "us-east-1"
}

variable "project_name" {
  description = "Short project name, used as a prefix for resource names"
  type        = string
  default     = "coherent"
}

variable "environment" {
  description = "Deployment environment (dev, staging or prod)"
  type        = string
  default     = "prod"

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be one of: dev, staging, prod."
  }
}

variable "domain_name" {
  description = "Root domain hosted in Route 53"
  type        = string
  default     = "cohuron.com"
}

variable "app_subdomain" {
  description = "Subdomain the PMO application is served on (app.cohuron.com)"
  type        = string
  default     = "app"
}

# ----------------------------------------------------------------------------
# Networking
# ----------------------------------------------------------------------------

variable "vpc_cidr" {
  description = "CIDR block for the VPC"
  type        = string
  default     = "10.0.0.0/16"
}

variable "ssh_allowed_cidr" {
  # TODO: restrict to the office / VPN egress IPs
  description = "CIDR blocks allowed to SSH into the app server"
  type        = list(string)
  default     = ["0.0.0.0/0"]

  validation {
    condition     = alltrue([for cidr in var.ssh_allowed_cidr : can(cidrhost(cidr, 0))])
    error_message = "Every entry in ssh_allowed_cidr must be a valid CIDR block."
  }
}

# ----------------------------------------------------------------------------
# EC2 application server
# ----------------------------------------------------------------------------

variable "ec2_instance_type" {
  description = "Instance type for the application server"
  type        = string
  default     = "t3.medium"
}

variable "ec2_root_volume_size" {
  description = "Size of the app server root volume in GiB"
  type        = number
  default     = 30
}

variable "key_name" {
  description = "Name of an existing EC2 key pair for SSH access"
  type        = string
  # Key pair is created by hand in the EC2 console and shared via 1Password
}

variable "github_repo_url" {
  description = "Git repository the app server clones and runs on first boot"
  type        = string
}

# ----------------------------------------------------------------------------
# RDS PostgreSQL
# ----------------------------------------------------------------------------
# The app server gets these credentials through scripts/user-data.sh.

variable "db_instance_class" {
  description = "Instance class for the RDS PostgreSQL database"
  type        = string
  default     = "db.t3.micro"
}

variable "db_allocated_storage" {
  description = "Allocated storage for the database in GiB"
  type        = number
  default     = 20
}

variable "db_name" {
  description = "Name of the application database"
  type        = string
  default     = "coherent"
}

variable "db_username" {
  description = "Master username for the RDS PostgreSQL instance"
  type        = string
  default     = "pmo_admin"
}

variable "db_password" {
  description = "Master password for the RDS PostgreSQL instance"
  type        = string
  sensitive   = true
  # Set in terraform.tfvars
}

# ----------------------------------------------------------------------------
# Tagging
# ----------------------------------------------------------------------------

variable "global_tags" {
  description = "Tags applied to every resource"
  type        = map(string)
  default = {
    Project   = "Coherent"
    ManagedBy = "Terraform"
  }
}

# ----------------------------------------------------------------------------
# DNS
# ----------------------------------------------------------------------------

variable "create_dns_records" {
  description = "Create the Route 53 hosted zone and records for domain_name"
  type        = bool
  default     = true
}

variable "alert_emails" {
  description = "Who receives alarm e-mails (each address confirms the SNS subscription once)"
  type        = list(string)
}

variable "owner_tag" {
  description = "Value of the Owner tag on every resource"
  type        = string
}

variable "cost_center_tag" {
  description = "Value of the CostCenter tag on every resource"
  type        = string
}
