variable "service" {
  description = "Service name; resources are named <service>-<workspace>"
  type        = string
  default     = "lumen"
}

variable "db_password" {
  description = "Postgres master password (pass with TF_VAR_db_password)"
  type        = string
}
