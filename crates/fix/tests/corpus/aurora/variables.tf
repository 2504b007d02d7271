variable "region" {
  description = "AWS region (Canada, for data residency)"
  type        = string
  default     = "ca-central-1"
}

variable "project" {
  description = "Project name"
  type        = string
  default     = "maplewood"
}

variable "instance_type" {
  description = "App server instance type"
  type        = string
  default     = "m6i.large"
}

variable "key_name" {
  description = "SSH key pair name"
  type        = string
}

variable "admin_cidrs" {
  description = "Who may SSH to the app server"
  type        = list(string)
  default     = ["0.0.0.0/0"]
}

variable "db_instance_class" {
  description = "Aurora instance class"
  type        = string
  default     = "db.r6g.large"
}

variable "master_password" {
  description = "Aurora master password"
  type        = string
}

variable "app_version" {
  description = "Version of the scheduler-server npm package"
  type        = string
  default     = "3.2.0"
}
