# ============================================================================
# Cost-allocation tags on every resource (coverage row 17, spec 4.5 / 7.5)
# ============================================================================
# Replaces the stack's `provider "aws"` block. default_tags puts the full tag
# set on every taggable resource the provider creates, so modules only add a
# Name (and their own `tags`). Two things default_tags does not do, handled
# elsewhere: instances launched by an Auto Scaling group (the asg module
# copies the tags into its launch template), and activation of the tags as
# cost allocation tags (once, in Billing > Cost allocation tags; until then
# Cost Explorer cannot group by them).
#
# Uses the stack's existing var.aws_region, var.project_name and
# var.environment; declares the three new variables below. Keys that are also
# in the stack's global_tags (Project, ManagedBy) should be dropped there:
# a resource-level value silently overrides the provider's.
# ============================================================================

locals {
  default_tags = {
    Project     = var.project_name
    Environment = var.environment
    Owner       = var.owner
    CostCenter  = var.cost_center
    ManagedBy   = "Terraform"
    Application = var.application
  }
}

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = local.default_tags
  }
}

# us-east-1 alias for the cloudfront module's certificate (CloudFront only
# accepts certificates from us-east-1). Same tags.
provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"

  default_tags {
    tags = local.default_tags
  }
}

variable "owner" {
  description = "Team or person accountable for the resources (Owner tag)."
  type        = string
}

variable "cost_center" {
  description = "Cost center the resources are billed to (CostCenter tag)."
  type        = string
}

variable "application" {
  description = "Application the resources belong to (Application tag)."
  type        = string
  default     = "app"
}
