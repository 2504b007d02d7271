variable "region" {
  description = "AWS region"
  type        = string
  default     = "sa-east-1"
}

variable "app" {
  description = "Application name"
  type        = string
  default     = "pampas"
}

variable "domain" {
  description = "Public host name of the relay"
  type        = string
}

variable "instance_type" {
  description = "Relay instance type"
  type        = string
  default     = "c6i.large"
}

variable "key_name" {
  description = "SSH key pair"
  type        = string
}

variable "db_instance_class" {
  description = "Ledger database class"
  type        = string
  default     = "db.t4g.medium"
}

variable "db_password" {
  description = "Ledger database master password"
  type        = string
}

variable "api_key" {
  description = "Payment provider API key used by the relay"
  type        = string
}
