output "instance_profile_name" {
  description = "Instance profile the module created for instances without one (null when instance_role_name was given)."
  value       = try(aws_iam_instance_profile.instance[0].name, null)
}

output "instance_role_name" {
  description = "The instances' role: the one given, or the one created."
  value       = local.role_name
}

output "session_log_group_name" {
  description = "Log group with the session transcripts (null when logging is off)."
  value       = try(aws_cloudwatch_log_group.sessions[0].name, null)
}

output "preferences_document_name" {
  description = "Session preferences document managed here (null when not managed)."
  value       = try(aws_ssm_document.session_preferences[0].name, null)
}

output "connect_command" {
  description = "How to open a shell (needs the AWS CLI Session Manager plugin); replaces the ssh_command output."
  value       = "aws ssm start-session --target <instance-id>"
}

output "port_forward_command" {
  description = "How to reach the private database from a workstation without SSH (instead of an SSH tunnel)."
  value       = "aws ssm start-session --target <instance-id> --document-name AWS-StartPortForwardingSessionToRemoteHost --parameters host=<db-address>,portNumber=<db-port>,localPortNumber=<db-port>"
}
