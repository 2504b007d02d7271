terraform {
  # >= 1.10 is what the remediated stack needs anyway (S3 backend with native
  # locking, `use_lockfile`). The module is written and schema-checked for
  # AWS provider major version 6.
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
}
