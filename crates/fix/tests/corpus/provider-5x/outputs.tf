output "dashboard_url" {
  description = "Streamlit dashboard"
  value       = "http://${aws_instance.reports.public_dns}:8501"
}

output "db_endpoint" {
  description = "Postgres endpoint"
  value       = aws_db_instance.reports.endpoint
}

output "exports_bucket" {
  description = "Bucket for CSV exports"
  value       = aws_s3_bucket.exports.bucket
}
