variable "project_name" {
  description = "Project name, used as a prefix for the bucket name"
  type        = string
}

variable "environment" {
  description = "Deployment environment (dev, staging or prod)"
  type        = string
}

variable "global_tags" {
  description = "Tags applied to every resource"
  type        = map(string)
  default     = {}
}
