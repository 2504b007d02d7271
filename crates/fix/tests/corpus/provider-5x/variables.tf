variable "region" {
  description = "AWS region"
  type        = string
  default     = "us-east-2"
}

variable "name" {
  description = "Name prefix"
  type        = string
  default     = "quarry"
}

variable "instance_type" {
  description = "Instance type of the reporting server"
  type        = string
  default     = "t3.large"
}

variable "key_name" {
  description = "SSH key pair"
  type        = string
  default     = "quarry-ops"
}

variable "db_password" {
  description = "Password of the reports database user"
  type        = string
  default     = "quarry-reports-2024"
}

variable "tags" {
  description = "Tags for every resource"
  type        = map(string)
  default = {
    Team = "analytics"
  }
}
