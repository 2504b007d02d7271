variable "project_name" {
  description = "Project name, used as the prefix of resource names."
  type        = string
}

variable "environment" {
  description = "Deployment environment (dev, staging, prod, ...; prod, production, prd and live count as production)."
  type        = string
}

variable "alb_dns_name" {
  description = "DNS name of the ALB, the origin (module.alb.alb_dns_name)."
  type        = string
}

variable "origin_domain_name" {
  description = "A name of the origin covered by the ALB's certificate (e.g. origin.example.com, an alias record to the ALB). When set, CloudFront connects to it and does not forward the viewer's Host header (AllViewerExceptHostHeader). Null: CloudFront connects to alb_dns_name and forwards the Host header (AllViewer), so the ALB presents the certificate of the viewer's host name."
  type        = string
  default     = null
}

variable "aliases" {
  description = "Host names the distribution serves, e.g. [\"app.example.com\"]. The first is the certificate's primary name."
  type        = list(string)

  validation {
    condition     = length(var.aliases) > 0
    error_message = "Give at least one alias: the distribution serves the app's own host name."
  }
}

variable "hosted_zone_id" {
  description = "Route 53 zone of the aliases, for the certificate's DNS validation and the optional alias records."
  type        = string
}

variable "create_certificate" {
  description = "Issue the certificate in us-east-1 (through the aws.us_east_1 provider) with DNS validation. False: use acm_certificate_arn."
  type        = bool
  default     = true
}

variable "acm_certificate_arn" {
  description = "Existing ACM certificate in us-east-1 covering the aliases, used when create_certificate = false."
  type        = string
  default     = null
}

variable "create_dns_records" {
  description = "Point the aliases at the distribution (A and AAAA alias records). Off by default: moving the app's name from the ALB to CloudFront is a deliberate cut-over."
  type        = bool
  default     = false
}

variable "assets_path_pattern" {
  description = "Path of the static, content-hashed assets cached at the edge (Vite builds to /assets/)."
  type        = string
  default     = "/assets/*"
}

variable "api_path_pattern" {
  description = "Path of the API, never cached."
  type        = string
  default     = "/api/*"
}

variable "price_class" {
  description = "PriceClass_100 (North America, Europe), PriceClass_200 or PriceClass_All."
  type        = string
  default     = "PriceClass_100"

  validation {
    condition     = contains(["PriceClass_100", "PriceClass_200", "PriceClass_All"], var.price_class)
    error_message = "price_class must be PriceClass_100, PriceClass_200 or PriceClass_All."
  }
}

variable "viewer_protocol_policy" {
  description = "redirect-to-https (plain HTTP gets a redirect, never content) or https-only."
  type        = string
  default     = "redirect-to-https"

  validation {
    condition     = contains(["redirect-to-https", "https-only"], var.viewer_protocol_policy)
    error_message = "viewer_protocol_policy must be redirect-to-https or https-only."
  }
}

variable "web_acl_arn" {
  description = "WAFv2 web ACL with CLOUDFRONT scope (created in us-east-1). The waf module's REGIONAL ACL protects the ALB instead."
  type        = string
  default     = null
}

variable "origin_read_timeout" {
  description = "Seconds CloudFront waits for the origin's response (API calls)."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags for every resource of the module (the provider's default_tags carry the common set)."
  type        = map(string)
  default     = {}
}
