variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "hostname" {
  type    = string
  default = "shop.example.org"
}

variable "zone_id" {
  type = string
}

variable "admin_networks" {
  type    = list(string)
  default = ["0.0.0.0/0"]
}

variable "orders_db_pass" {
  type = string
}

variable "stage" {
  type    = string
  default = "production"
}
