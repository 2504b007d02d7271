variable "project" {
  description = "Project name"
  type        = string
}

variable "environment" {
  description = "Environment name"
  type        = string
}

variable "vpc_cidr" {
  description = "VPC CIDR block"
  type        = string
}

variable "public_subnets" {
  description = "Availability zone => CIDR of each public subnet"
  type        = map(string)
}

variable "private_subnets" {
  description = "Availability zone => CIDR of each private subnet"
  type        = map(string)
}

variable "app_port" {
  description = "Port of the API process"
  type        = number
}
