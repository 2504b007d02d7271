output "db_address" {
  description = "Hostname of the MySQL instance"
  value       = aws_db_instance.mysql.address
}

output "db_name" {
  description = "Database name"
  value       = aws_db_instance.mysql.db_name
}

output "uploads_bucket" {
  description = "Bucket for user uploads"
  value       = aws_s3_bucket.uploads.bucket
}
