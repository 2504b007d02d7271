variable "region" {
  description = "AWS region"
  type        = string
  default     = "eu-central-1"
}

variable "project" {
  description = "Project name, used as a prefix"
  type        = string
  default     = "larkspur"
}

variable "environment" {
  description = "Environment name (dev, prod)"
  type        = string
}

variable "domain" {
  description = "Existing public hosted zone; the API is served at api.<domain>"
  type        = string
}

variable "vpc_cidr" {
  description = "VPC CIDR block"
  type        = string
  default     = "172.31.0.0/16"
}

variable "public_subnets" {
  description = "Public subnets, availability zone => CIDR"
  type        = map(string)
}

variable "private_subnets" {
  description = "Private subnets, availability zone => CIDR"
  type        = map(string)
}

variable "app_port" {
  description = "Port the booking API listens on"
  type        = number
  default     = 9000
}

variable "instance_type" {
  description = "Instance type of the API server"
  type        = string
  default     = "t3.small"
}

variable "key_name" {
  description = "EC2 key pair name"
  type        = string
}

variable "db_instance_class" {
  description = "RDS instance class"
  type        = string
  default     = "db.t4g.small"
}

variable "db_username" {
  description = "MySQL master user"
  type        = string
  default     = "larkspur"
}

variable "db_password" {
  description = "MySQL master password"
  type        = string
}
