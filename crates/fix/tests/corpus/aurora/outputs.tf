output "app_ip" {
  description = "Elastic IP of the app server"
  value       = aws_eip.app.public_ip
}

output "aurora_writer_endpoint" {
  description = "Cluster writer endpoint"
  value       = aws_rds_cluster.main.endpoint
}

output "aurora_reader_endpoint" {
  description = "Cluster reader endpoint"
  value       = aws_rds_cluster.main.reader_endpoint
}
