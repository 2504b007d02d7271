variable "region" {
  description = "AWS region"
  type        = string
  default     = "us-west-1"
}

variable "project" {
  description = "Project name"
  type        = string
  default     = "redwood"
}

variable "cidr" {
  description = "VPC CIDR"
  type        = string
  default     = "10.33.0.0/16"
}

variable "enable" {
  description = "Run the app server (off between field seasons)"
  type        = bool
  default     = true
}

variable "instance_type" {
  description = "App server instance type"
  type        = string
  default     = "t3.large"
}

variable "key_name" {
  description = "SSH key pair"
  type        = string
}

variable "db_password" {
  description = "Postgres master password"
  type        = string
}

variable "zone_id" {
  description = "Route 53 hosted zone ID of var.domain"
  type        = string
}

variable "domain" {
  description = "Domain the app is published under"
  type        = string
}

variable "tags" {
  description = "Tags for every resource"
  type        = map(string)
  default     = {}
}
