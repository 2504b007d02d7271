# ============================================================================
# Network ACLs
# ============================================================================
# A stateless second layer under the security groups. NACLs do not track
# connections, so every allowed flow needs its return path: the ephemeral
# port range 1024-65535 (it covers Linux's 32768-60999 and the ALB's
# 1024-65535). Traffic to the Amazon DNS resolver, instance metadata, the
# Time Sync service and DHCP is never filtered by NACLs, so no rule is needed
# for it.
#
# public subnets (ALB, app servers)
#   in : 80, 443 from anywhere; app ports from the VPC (ALB -> targets);
#        ephemeral from anywhere (replies to the servers' own outbound
#        HTTP(S): packages, GitHub, AWS APIs, SSM)
#   out: 80, 443 to anywhere; app ports and private ports to the VPC;
#        ephemeral to anywhere (replies to viewers and to the ALB)
# private subnets (RDS, ElastiCache)
#   in : private ports and ephemeral from the VPC
#   out: ephemeral to the VPC (replies to the app servers)
# Anything else hits the implicit final DENY. Test in staging first: a
# missing return path shows up as timeouts, not as errors.
# ============================================================================

locals {
  name_prefix = "${var.project_name}-${var.environment}"
  anywhere    = "0.0.0.0/0"
  vpc         = var.vpc_cidr_block

  public_rules = concat(
    [
      { egress = false, number = 100, from = 443, to = 443, cidr = local.anywhere },
      { egress = false, number = 110, from = 80, to = 80, cidr = local.anywhere },
      { egress = false, number = 120, from = 1024, to = 65535, cidr = local.anywhere },
      { egress = true, number = 100, from = 443, to = 443, cidr = local.anywhere },
      { egress = true, number = 110, from = 80, to = 80, cidr = local.anywhere },
      { egress = true, number = 120, from = 1024, to = 65535, cidr = local.anywhere },
    ],
    [for i, p in var.app_ports : { egress = false, number = 200 + i, from = p, to = p, cidr = local.vpc }],
    [for i, p in var.app_ports : { egress = true, number = 200 + i, from = p, to = p, cidr = local.vpc }],
    [for i, p in var.private_ports : { egress = true, number = 300 + i, from = p, to = p, cidr = local.vpc }],
  )

  private_rules = concat(
    [for i, p in var.private_ports : { egress = false, number = 100 + i, from = p, to = p, cidr = local.vpc }],
    [
      { egress = false, number = 200, from = 1024, to = 65535, cidr = local.vpc },
      { egress = true, number = 100, from = 1024, to = 65535, cidr = local.vpc },
    ],
  )
}

resource "aws_network_acl" "public" {
  # checkov:skip=CKV2_AWS_1:attached to the public subnets through subnet_ids = var.public_subnet_ids, which checkov cannot follow
  vpc_id     = var.vpc_id
  subnet_ids = var.public_subnet_ids

  tags = merge(var.tags, { Name = "${local.name_prefix}-public-nacl" })
}

resource "aws_network_acl" "private" {
  count = length(var.private_subnet_ids) > 0 ? 1 : 0

  # checkov:skip=CKV2_AWS_1:attached to the private subnets through subnet_ids = var.private_subnet_ids, which checkov cannot follow
  vpc_id     = var.vpc_id
  subnet_ids = var.private_subnet_ids

  tags = merge(var.tags, { Name = "${local.name_prefix}-private-nacl" })
}

resource "aws_network_acl_rule" "public" {
  for_each = { for r in local.public_rules : "${r.egress ? "out" : "in"}-${r.number}" => r }

  network_acl_id = aws_network_acl.public.id
  egress         = each.value.egress
  rule_number    = each.value.number
  rule_action    = "allow"
  protocol       = "tcp"
  from_port      = each.value.from
  to_port        = each.value.to
  cidr_block     = each.value.cidr
}

resource "aws_network_acl_rule" "private" {
  for_each = { for r in local.private_rules : "${r.egress ? "out" : "in"}-${r.number}" => r if length(var.private_subnet_ids) > 0 }

  network_acl_id = aws_network_acl.private[0].id
  egress         = each.value.egress
  rule_number    = each.value.number
  rule_action    = "allow"
  protocol       = "tcp"
  from_port      = each.value.from
  to_port        = each.value.to
  cidr_block     = each.value.cidr
}
