output "ingress_rule_ids" {
  description = "Ids of the app-port rules, by port."
  value       = { for port, rule in aws_vpc_security_group_ingress_rule.app_from_alb : port => rule.security_group_rule_id }
}

output "app_ports" {
  description = "Ports now open to the ALB security group only."
  value       = var.app_ports
}
