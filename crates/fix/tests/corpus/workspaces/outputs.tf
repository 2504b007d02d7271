output "environment" {
  description = "Workspace this state belongs to"
  value       = local.env
}

output "web_ip" {
  description = "Elastic IP of the web server"
  value       = aws_eip.web.public_ip
}

output "db_address" {
  description = "Postgres host"
  value       = aws_db_instance.this.address
}

output "media_bucket" {
  description = "Public media bucket (newsletter images)"
  value       = aws_s3_bucket.media.bucket
}
