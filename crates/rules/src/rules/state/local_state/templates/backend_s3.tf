# ============================================================================
# Remote state: S3 backend with native locking (coverage row 1, spec 1.1 / 7.6)
# ============================================================================
# Replaces `backend "local"` in the stack's terraform {} block (a root has
# one terraform block with one backend). The bucket comes from the
# state_backend module (output backend_config) or `tfready bootstrap-state`.
#
# Backend blocks cannot use variables. Keep the per-environment key out of
# the file and pass it at init, e.g.
#   terraform init -backend-config="key=staging/terraform.tfstate"
#
# Migration (one time):
#   1. cp terraform.tfstate terraform.tfstate.pre-s3      # keep a copy
#   2. put this block in place of backend "local"
#   3. terraform init -migrate-state                      # answer "yes"
#   4. terraform plan                                     # must show no changes
#   5. only then delete the local terraform.tfstate* files
# Rollback: restore backend "local" and run terraform init -migrate-state.
# ============================================================================

terraform {
  # use_lockfile needs Terraform 1.10 or later.
  required_version = ">= 1.10"

  backend "s3" {
    bucket = "example-terraform-state-123456789012" # state_backend: bucket_name
    key    = "prod/terraform.tfstate"
    region = "eu-west-1" # the stack's region

    encrypt = true # server-side encryption of the state object
    # S3 native locking: a .tflock object next to the state, written with a
    # conditional put. Replaces the DynamoDB table (dynamodb_table is
    # deprecated); keep both only while old Terraform versions still run.
    use_lockfile = true

    # With a customer managed key on the bucket (state_backend kms_key_arn):
    # kms_key_id = "arn:aws:kms:eu-west-1:123456789012:key/..."
  }
}
