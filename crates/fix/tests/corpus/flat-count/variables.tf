variable "region" {
  description = "AWS region for the whole stack"
  type        = string
  default     = "us-west-2"
}

variable "name" {
  description = "Prefix for every resource name"
  type        = string
  default     = "tidepool"
}

variable "vpc_cidr" {
  description = "CIDR block of the VPC"
  type        = string
  default     = "10.42.0.0/16"
}

variable "azs" {
  description = "Availability zones; one public and one private subnet in each"
  type        = list(string)
  default     = ["us-west-2a", "us-west-2b"]
}

variable "instance_type" {
  description = "Instance type of the web server"
  type        = string
  default     = "t3.large"
}

variable "key_name" {
  description = "EC2 key pair for SSH"
  type        = string
}

variable "app_version" {
  description = "Storefront release to pull from the assets bucket"
  type        = string
}

variable "admin_email" {
  description = "Contact address given to Let's Encrypt"
  type        = string
}

variable "db_instance_class" {
  description = "RDS instance class"
  type        = string
  default     = "db.t4g.small"
}

variable "db_password" {
  description = "Master password of the storefront database"
  type        = string
}
