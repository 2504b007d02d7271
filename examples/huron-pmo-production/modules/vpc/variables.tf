variable "project_name" {
  description = "Project name, used as a prefix for resource names"
  type        = string
}

variable "vpc_name" {
  description = "Name tag for the VPC; also the prefix for subnet and route table names"
  type        = string
}

variable "vpc_cidr" {
  description = "CIDR block for the VPC"
  type        = string
  default     = "10.0.0.0/16"
}

variable "ssh_allowed_cidr" {
  description = "CIDR blocks allowed to reach the app server on port 22"
  type        = list(string)
}

variable "global_tags" {
  description = "Tags applied to every resource"
  type        = map(string)
  default     = {}
}

# Added by `tfready fix`.
variable "alb_security_group_id" {
  description = "Security group of the load balancer, the only source the app accepts HTTP from"
  type        = string
  default     = null
}
