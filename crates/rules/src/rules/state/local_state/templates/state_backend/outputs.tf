output "bucket_name" {
  description = "Name of the state bucket (backend `bucket`)."
  value       = aws_s3_bucket.state.id
}

output "bucket_arn" {
  description = "ARN of the state bucket, for IAM policies of the principals that run Terraform."
  value       = aws_s3_bucket.state.arn
}

output "region" {
  description = "Region of the state bucket (backend `region`)."
  value       = data.aws_region.current.region
}

output "kms_key_arn" {
  description = "KMS key encrypting the state (null: SSE-S3). Set it as the backend's `kms_key_id` when not null."
  value       = var.kms_key_arn
}

output "dynamodb_table_name" {
  description = "Name of the optional DynamoDB lock table (null when not created)."
  value       = try(aws_dynamodb_table.locks[0].name, null)
}

output "backend_config" {
  description = "The backend block to put in the stack's terraform {} block (see snippets/backend_s3.tf)."
  value       = <<-EOT
    backend "s3" {
      bucket       = "${aws_s3_bucket.state.id}"
      key          = "${var.state_key}"
      region       = "${data.aws_region.current.region}"
      encrypt      = true
      use_lockfile = true%{if var.kms_key_arn != null}
      kms_key_id   = "${var.kms_key_arn}"%{endif}
    }
  EOT
}
