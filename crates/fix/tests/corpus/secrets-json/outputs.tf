output "relay_ip" {
  description = "Elastic IP to register with the payment provider"
  value       = aws_eip.relay.public_ip
}

output "ledger_endpoint" {
  description = "MariaDB endpoint"
  value       = aws_db_instance.ledger.endpoint
}
