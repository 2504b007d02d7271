variable "project_name" {
  description = "Project name, used in the Name tag."
  type        = string
}

variable "domain_name" {
  description = "Root domain of the Route 53 hosted zone, e.g. example.com."
  type        = string
}

variable "app_subdomain" {
  description = "Subdomain the application is served on; the certificate's primary name is <app_subdomain>.<domain_name>. Null or empty: the root domain is the primary name."
  type        = string
  default     = null
}

variable "hosted_zone_id" {
  description = "Route 53 hosted zone of domain_name, where the DNS validation records are written."
  type        = string
}

variable "include_apex" {
  description = "Add the root domain itself as a subject alternative name."
  type        = bool
  default     = true
}

variable "include_wildcard" {
  description = "Add *.<domain_name> as a subject alternative name (covers www, api, ... with one certificate)."
  type        = bool
  default     = true
}

variable "extra_subject_alternative_names" {
  description = "Further names for the certificate."
  type        = list(string)
  default     = []
}

variable "key_algorithm" {
  description = "Key algorithm of the certificate: RSA_2048 (widest client support) or EC_prime256v1 / EC_secp384r1."
  type        = string
  default     = "RSA_2048"

  validation {
    condition     = contains(["RSA_2048", "EC_prime256v1", "EC_secp384r1"], var.key_algorithm)
    error_message = "key_algorithm must be RSA_2048, EC_prime256v1 or EC_secp384r1."
  }
}

variable "validation_timeout" {
  description = "How long the apply waits for ACM to issue the certificate (DNS validation normally takes a few minutes once the zone is delegated)."
  type        = string
  default     = "45m"
}

variable "tags" {
  description = "Tags for every resource of the module (the provider's default_tags carry the common set)."
  type        = map(string)
  default     = {}
}
