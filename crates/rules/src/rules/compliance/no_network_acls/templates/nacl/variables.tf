variable "project_name" {
  description = "Project name, used as the prefix of resource names."
  type        = string
}

variable "environment" {
  description = "Deployment environment (dev, staging, prod, ...; prod, production, prd and live count as production)."
  type        = string
}

variable "vpc_id" {
  description = "VPC."
  type        = string
}

variable "vpc_cidr_block" {
  description = "CIDR of the VPC; internal traffic is allowed from/to it only."
  type        = string

  validation {
    condition     = can(cidrhost(var.vpc_cidr_block, 0))
    error_message = "vpc_cidr_block must be a CIDR block."
  }
}

variable "public_subnet_ids" {
  description = "Public subnets: ALB and app servers."
  type        = list(string)
}

variable "private_subnet_ids" {
  description = "Private subnets: RDS and ElastiCache. Empty: a stack with public subnets only gets no private ACL."
  type        = list(string)
  default     = []
}

variable "app_ports" {
  description = "Ports the ALB reaches the app servers on, inside the VPC."
  type        = list(number)
  default     = [80]
}

variable "private_ports" {
  description = "Ports of the services in the private subnets, reachable from the VPC (the stack's databases and cache; tfready fix passes them)."
  type        = list(number)
  default     = []
}

variable "tags" {
  description = "Tags for every resource of the module (the provider's default_tags carry the common set)."
  type        = map(string)
  default     = {}
}
