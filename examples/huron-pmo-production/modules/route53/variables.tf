variable "project_name" {
  description = "Project name, used in names and comments"
  type        = string
}

variable "domain_name" {
  description = "Domain to create the public hosted zone for"
  type        = string
}

variable "app_subdomain" {
  description = "Subdomain of the application record"
  type        = string
}

variable "app_public_ip" {
  description = "Elastic IP of the app server the application record points at"
  type        = string
}

variable "global_tags" {
  description = "Tags applied to every resource"
  type        = map(string)
  default     = {}
}

# Added by `tfready fix`.
variable "alb_dns_name" {
  description = "DNS name of the load balancer the app record aliases"
  type        = string
}

# Added by `tfready fix`.
variable "alb_zone_id" {
  description = "Route 53 zone id of the load balancer"
  type        = string
}
