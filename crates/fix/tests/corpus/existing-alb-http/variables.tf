variable "region" {
  description = "AWS region"
  type        = string
  default     = "eu-west-1"
}

variable "name" {
  description = "Name prefix of every resource"
  type        = string
  default     = "fernhill"
}

variable "vpc_cidr" {
  description = "VPC CIDR block"
  type        = string
  default     = "10.60.0.0/16"
}

variable "instance_type" {
  description = "App server instance type (Graviton)"
  type        = string
  default     = "t4g.large"
}

variable "key_name" {
  description = "EC2 key pair"
  type        = string
  default     = null
}

variable "app_port" {
  description = "Host port the ticketing container is published on"
  type        = number
  default     = 8081
}

variable "image" {
  description = "Container image of the ticketing app"
  type        = string
  default     = "ghcr.io/example/fernhill-ticketing:1.8.2"
}

variable "tags" {
  description = "Common tags"
  type        = map(string)
  default = {
    Service = "ticketing"
  }
}
