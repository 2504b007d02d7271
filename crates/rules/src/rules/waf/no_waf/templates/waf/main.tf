# ============================================================================
# WAF
# ============================================================================
# WAFv2 web ACL on the ALB (scope REGIONAL) or for a CloudFront distribution
# (scope CLOUDFRONT: called with a provider of CloudFront's region, us-east-1;
# the distribution names the ACL in its web_acl_id):
#   0  AWS IP reputation list        (known malicious sources, first and cheap)
#   1  rate limit per IP, 429        (health path exempt)
#   2  AWS common rule set           (OWASP-style; SizeRestrictions_BODY counted)
#   3  AWS known bad inputs          (Log4Shell, ...)
#   4  AWS SQL injection rule set
#   5  geo block                     (only when countries are listed)
#   6  AWS Bot Control               (optional)
# Logs go to a CloudWatch log group named aws-waf-logs-* (WAF refuses other
# names) with the Authorization and Cookie headers redacted.
# ============================================================================

locals {
  # A CloudFront ACL and its log group live in CloudFront's us-east-1, next
  # to the regional ones of a stack there: the suffix keeps the names apart.
  name_prefix = "${var.project_name}-${var.environment}${var.scope == "CLOUDFRONT" ? "-cdn" : ""}"
  # Metric names: letters, digits, - and _ only.
  metric_prefix = replace(local.name_prefix, "/[^A-Za-z0-9_-]/", "-")
  retention     = coalesce(var.log_retention_days, contains(["prod", "production", "prd", "live"], lower(var.environment)) ? 90 : 14)

  managed_rule_groups = {
    AWSManagedRulesAmazonIpReputationList = { priority = 0, count_only = [] }
    AWSManagedRulesCommonRuleSet          = { priority = 2, count_only = var.common_rule_set_count_only }
    AWSManagedRulesSQLiRuleSet            = { priority = 4, count_only = [] }
  }
}

resource "aws_wafv2_web_acl" "this" {
  name        = "${local.name_prefix}-web-acl"
  description = "${local.name_prefix} ${var.scope == "CLOUDFRONT" ? "CloudFront" : "ALB"}: managed rules, rate limit, optional geo block and bot control"
  scope       = var.scope

  default_action {
    allow {}
  }

  # AWS managed rule groups, each in its own rule; override_action none means
  # the group's own actions (block) apply, except the rules listed in
  # count_only, which only count.
  dynamic "rule" {
    for_each = local.managed_rule_groups

    content {
      name     = rule.key
      priority = rule.value.priority

      override_action {
        none {}
      }

      statement {
        managed_rule_group_statement {
          vendor_name = "AWS"
          name        = rule.key

          dynamic "rule_action_override" {
            for_each = rule.value.count_only

            content {
              name = rule_action_override.value

              action_to_use {
                count {}
              }
            }
          }
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        sampled_requests_enabled   = true
        metric_name                = "${local.metric_prefix}-${rule.key}"
      }
    }
  }

  # Known bad inputs (Log4Shell's Log4JRCE among them) in a rule of its own,
  # never counted: always blocks. Written out rather than in the map above so
  # scanners that do not expand dynamic blocks (checkov CKV_AWS_192) see it.
  rule {
    name     = "AWSManagedRulesKnownBadInputsRuleSet"
    priority = 3

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesKnownBadInputsRuleSet"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      sampled_requests_enabled   = true
      metric_name                = "${local.metric_prefix}-AWSManagedRulesKnownBadInputsRuleSet"
    }
  }

  # Rate limit per client IP. The scope-down statement leaves the health
  # path out of the count so an uptime monitor never gets blocked.
  rule {
    name     = "RateLimitPerIP"
    priority = 1

    action {
      block {
        custom_response {
          response_code = 429
        }
      }
    }

    statement {
      rate_based_statement {
        limit                 = var.rate_limit
        evaluation_window_sec = var.rate_limit_window_seconds
        aggregate_key_type    = "IP"

        scope_down_statement {
          not_statement {
            statement {
              byte_match_statement {
                search_string         = var.health_path
                positional_constraint = "STARTS_WITH"

                field_to_match {
                  uri_path {}
                }

                text_transformation {
                  priority = 0
                  type     = "NONE"
                }
              }
            }
          }
        }
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      sampled_requests_enabled   = true
      metric_name                = "${local.metric_prefix}-rate-limit"
    }
  }

  # Geo block: only rendered when there is at least one country, since a
  # geo_match_statement with an empty country list is invalid.
  dynamic "rule" {
    for_each = length(var.blocked_country_codes) > 0 ? [1] : []

    content {
      name     = "GeoBlock"
      priority = 5

      action {
        block {}
      }

      statement {
        geo_match_statement {
          country_codes = var.blocked_country_codes
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        sampled_requests_enabled   = true
        metric_name                = "${local.metric_prefix}-geo-block"
      }
    }
  }

  dynamic "rule" {
    for_each = var.enable_bot_control ? [1] : []

    content {
      name     = "AWSManagedRulesBotControlRuleSet"
      priority = 6

      override_action {
        none {}
      }

      statement {
        managed_rule_group_statement {
          vendor_name = "AWS"
          name        = "AWSManagedRulesBotControlRuleSet"

          managed_rule_group_configs {
            aws_managed_rules_bot_control_rule_set {
              inspection_level = "COMMON"
            }
          }
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        sampled_requests_enabled   = true
        metric_name                = "${local.metric_prefix}-bot-control"
      }
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    sampled_requests_enabled   = true
    metric_name                = "${local.metric_prefix}-web-acl"
  }

  tags = merge(var.tags, { Name = "${local.name_prefix}-web-acl" })
}

resource "aws_wafv2_web_acl_association" "alb" {
  count = var.scope == "REGIONAL" ? 1 : 0

  resource_arn = var.alb_arn
  web_acl_arn  = aws_wafv2_web_acl.this.arn
}

# ----------------------------------------------------------------------------
# Logging
# ----------------------------------------------------------------------------

resource "aws_cloudwatch_log_group" "waf" {
  # WAF only delivers to log groups whose name starts with aws-waf-logs-.
  name              = "aws-waf-logs-${local.name_prefix}"
  retention_in_days = local.retention
  kms_key_id        = var.kms_key_arn

  tags = merge(var.tags, { Name = "aws-waf-logs-${local.name_prefix}" })
}

# WAF adds the log delivery resource policy to the log group's account
# itself on the first PutLoggingConfiguration (the applying principal needs
# logs:PutResourcePolicy and logs:DescribeResourcePolicies).
resource "aws_wafv2_web_acl_logging_configuration" "this" {
  resource_arn            = aws_wafv2_web_acl.this.arn
  log_destination_configs = [aws_cloudwatch_log_group.waf.arn]

  # Session tokens and credentials never reach the logs.
  redacted_fields {
    single_header {
      name = "authorization"
    }
  }

  redacted_fields {
    single_header {
      name = "cookie"
    }
  }

  dynamic "logging_filter" {
    for_each = var.log_only_blocked_and_counted ? [1] : []

    content {
      default_behavior = "DROP"

      filter {
        behavior    = "KEEP"
        requirement = "MEETS_ANY"

        condition {
          action_condition {
            action = "BLOCK"
          }
        }

        condition {
          action_condition {
            action = "COUNT"
          }
        }
      }
    }
  }
}
