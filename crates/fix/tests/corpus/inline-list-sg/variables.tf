variable "app_name" {
  description = "Name of the application, used for resource names"
  type        = string
  default     = "billabong"
}

variable "instance_type" {
  description = "EC2 instance type of the app server"
  type        = string
  default     = "t3.small"
}

variable "key_name" {
  description = "Key pair for SSH access"
  type        = string
  default     = "billabong"
}

variable "db_password" {
  description = "Postgres master password"
  type        = string
}

variable "tags" {
  description = "Tags applied to every resource"
  type        = map(string)
  default     = {}
}
