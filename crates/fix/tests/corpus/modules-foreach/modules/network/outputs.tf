output "vpc_id" {
  description = "VPC ID"
  value       = aws_vpc.this.id
}

output "public_subnet_ids" {
  description = "Public subnet IDs, in availability-zone order"
  value       = [for s in aws_subnet.public : s.id]
}

output "private_subnet_ids" {
  description = "Private subnet IDs"
  value       = values(aws_subnet.private)[*].id
}

output "app_sg_id" {
  description = "Security group of the API server"
  value       = aws_security_group.app.id
}

output "db_sg_id" {
  description = "Security group of the database"
  value       = aws_security_group.db.id
}
