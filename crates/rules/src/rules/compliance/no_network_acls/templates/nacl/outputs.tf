output "public_network_acl_id" {
  description = "Id of the public subnets' network ACL."
  value       = aws_network_acl.public.id
}

output "private_network_acl_id" {
  description = "Id of the private subnets' network ACL."
  value       = try(aws_network_acl.private[0].id, null)
}
