variable "name" {
  description = "Name of the server and its security group"
  type        = string
}

variable "vpc_id" {
  description = "VPC to launch into"
  type        = string
}

variable "subnet_id" {
  description = "Public subnet for the server"
  type        = string
}

variable "instance_type" {
  description = "Instance type"
  type        = string
}

variable "key_name" {
  description = "SSH key pair"
  type        = string
}

variable "app_port" {
  description = "HTTPS port of the app"
  type        = number
}

variable "db_host" {
  description = "Postgres host"
  type        = string
}

variable "db_password" {
  description = "Postgres password"
  type        = string
}

variable "photos_bucket" {
  description = "Bucket for uploaded field photos"
  type        = string
}

variable "tags" {
  description = "Tags"
  type        = map(string)
}
