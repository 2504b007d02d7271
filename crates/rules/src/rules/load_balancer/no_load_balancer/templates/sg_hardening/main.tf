# ============================================================================
# Security group hardening
# ============================================================================
# The app ports are reachable from the ALB security group only. This module
# ADDS those rules; the fix must also DELETE the world-open ingress blocks of
# the app security group (80, 443, 4000, 5173 from 0.0.0.0/0, and 22: see the
# session_manager module). Move the group's remaining rules out of inline
# `ingress`/`egress` blocks too: a group with inline rules and
# aws_vpc_security_group_*_rule resources at the same time is rewritten back
# and forth on every apply. See README.md for the replacement of the vpc
# module's aws_security_group.app_sg.
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
