variable "project_name" {
  description = "Project name, used in the rule descriptions and Name tags."
  type        = string
}

variable "app_security_group_id" {
  description = "Security group of the app servers."
  type        = string
}

variable "alb_security_group_id" {
  description = "Security group of the ALB (module.alb.alb_security_group_id): the only source allowed on the app ports."
  type        = string
}

variable "app_ports" {
  description = "Ports the ALB sends traffic to on the app servers: the port of a reverse proxy in front of the app, or the app's own ports if the ALB targets them directly."
  type        = list(number)
  default     = [80]

  validation {
    condition     = alltrue([for p in var.app_ports : p >= 1 && p <= 65535])
    error_message = "app_ports must be TCP ports (1-65535)."
  }
}

variable "tags" {
  description = "Tags for every resource of the module (the provider's default_tags carry the common set)."
  type        = map(string)
  default     = {}
}
