output "public_ip" {
  description = "Elastic IP"
  value       = aws_eip.this.public_ip
}

output "instance_id" {
  description = "Instance ID"
  value       = aws_instance.this.id
}
