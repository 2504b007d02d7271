variable "project" {
  description = "Project name"
  type        = string
}

variable "environment" {
  description = "Environment name"
  type        = string
}

variable "private_subnet_ids" {
  description = "Subnets of the DB subnet group"
  type        = list(string)
}

variable "db_sg_id" {
  description = "Security group attached to the database"
  type        = string
}

variable "db_instance_class" {
  description = "RDS instance class"
  type        = string
}

variable "db_username" {
  description = "Master user name"
  type        = string
}

variable "db_password" {
  description = "Master password"
  type        = string
}
