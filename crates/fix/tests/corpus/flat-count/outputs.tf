output "web_public_ip" {
  description = "Elastic IP of the web server"
  value       = aws_eip.web.public_ip
}

output "ssh_command" {
  description = "How to get a shell on the web server"
  value       = "ssh admin@${aws_eip.web.public_ip}"
}

output "public_subnet_ids" {
  description = "Public subnets"
  value       = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  description = "Private subnets"
  value       = aws_subnet.private[*].id
}

output "db_endpoint" {
  description = "Postgres endpoint (host:port)"
  value       = aws_db_instance.main.endpoint
}

output "assets_bucket" {
  description = "Bucket holding release jars and product images"
  value       = aws_s3_bucket.assets.bucket
}

output "name_servers" {
  description = "Delegate shop.example.org to these"
  value       = aws_route53_zone.shop.name_servers
}
