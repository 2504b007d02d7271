variable "project" {
  description = "Project name"
  type        = string
}

variable "environment" {
  description = "Environment name"
  type        = string
}

variable "region" {
  description = "Region, passed to the AWS CLI on the instance"
  type        = string
}

variable "instance_type" {
  description = "Instance type"
  type        = string
}

variable "key_name" {
  description = "EC2 key pair"
  type        = string
}

variable "public_subnet_ids" {
  description = "Subnets the Auto Scaling group may launch into"
  type        = list(string)
}

variable "app_sg_id" {
  description = "Security group of the API server"
  type        = string
}

variable "app_port" {
  description = "Port of the API process"
  type        = number
}

variable "hostname" {
  description = "Public host name served by nginx"
  type        = string
}

variable "db_host" {
  description = "MySQL host"
  type        = string
}

variable "db_name" {
  description = "MySQL database"
  type        = string
}

variable "db_username" {
  description = "MySQL user"
  type        = string
}

variable "db_password" {
  description = "MySQL password, written to the API's env file"
  type        = string
}

variable "uploads_bucket" {
  description = "Bucket for user uploads"
  type        = string
}
