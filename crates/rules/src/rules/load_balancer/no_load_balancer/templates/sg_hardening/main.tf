# ============================================================================
# Security group hardening
# ============================================================================
# The app ports are reachable from the ALB security group only. This module
# ADDS those rules; the fix also DELETES the world-open ingress of the app
# security group (its app ports from 0.0.0.0/0; SSH: see the session_manager
# module). The group's remaining rules move out of inline `ingress`/`egress`
# blocks too: a group with inline rules and aws_vpc_security_group_*_rule
# resources at the same time is rewritten back and forth on every apply (see
# README.md).
# ============================================================================

resource "aws_vpc_security_group_ingress_rule" "app_from_alb" {
  for_each = toset([for p in var.app_ports : tostring(p)])

  security_group_id            = var.app_security_group_id
  description                  = "App port ${each.value} from the ALB only"
  ip_protocol                  = "tcp"
  from_port                    = tonumber(each.value)
  to_port                      = tonumber(each.value)
  referenced_security_group_id = var.alb_security_group_id

  tags = merge(var.tags, { Name = "${var.project_name}-app-${each.value}-from-alb" })
}
