//! One test per price formula, each against a figure computed by hand from the shipped price list
//! (us-east-1 unless said otherwise; 730 h per month).

use tfready_cost::{estimate, Estimate, LineItem, PriceList, Status, Usage};
use tfready_model::{LoadOptions, Project};

fn project(hcl: &str) -> (tempfile::TempDir, Project) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), hcl).unwrap();
    let project = Project::load(dir.path(), &LoadOptions::default()).unwrap();
    (dir, project)
}

fn priced(hcl: &str) -> Estimate {
    priced_with(hcl, &Usage::defaults())
}

fn priced_with(hcl: &str, usage: &Usage) -> Estimate {
    let (_dir, project) = project(hcl);
    estimate(&project, PriceList::embedded(), usage)
}

fn usage(toml: &str) -> Usage {
    Usage::from_toml_str(toml, "test usage").unwrap()
}

fn item<'e>(estimate: &'e Estimate, address: &str) -> &'e LineItem {
    estimate.item(address).unwrap_or_else(|| {
        panic!(
            "no line {address}; lines: {:?}",
            estimate
                .items
                .iter()
                .map(|i| &i.address)
                .collect::<Vec<_>>()
        )
    })
}

#[track_caller]
fn close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() < 1e-6,
        "expected {expected}, got {actual}"
    );
}

#[track_caller]
fn monthly(estimate: &Estimate, address: &str, expected: f64) {
    let line = item(estimate, address);
    assert_eq!(line.status, Status::Priced, "{line:#?}");
    close(line.monthly_usd.unwrap(), expected);
}

// ------------------------------------------------------------------------------------------------
// EC2

#[test]
fn instance_hours_root_gp3_and_public_ipv4() {
    let e = priced(
        r#"
        resource "aws_instance" "a" {
          ami                         = "ami-1"
          instance_type               = "t3.medium"
          associate_public_ip_address = true
          root_block_device {
            volume_size = 30
            volume_type = "gp3"
          }
        }
        "#,
    );
    // 730 x 0.0416 + 30 x 0.08 + 730 x 0.005 = 30.368 + 2.40 + 3.65
    monthly(&e, "aws_instance.a", 36.418);
    let line = item(&e, "aws_instance.a");
    assert!(
        line.formula
            .contains("t3.medium instance: 730 h × $0.0416/h = $30.37"),
        "{}",
        line.formula
    );
    assert!(
        line.formula
            .contains("root volume (gp3): 30 GB × $0.08/GB-month = $2.40"),
        "{}",
        line.formula
    );
    assert!(line
        .price_keys
        .contains(&"vpc.public-ipv4.in-use".to_string()));
}

#[test]
fn instance_without_root_block_assumes_8_gb_gp2() {
    let e = priced(
        r#"
        resource "aws_instance" "a" {
          ami           = "ami-1"
          instance_type = "t3.small"
          count         = 2
        }
        "#,
    );
    // 2 x (730 x 0.0208 + 8 x 0.10) = 2 x (15.184 + 0.80)
    monthly(&e, "aws_instance.a", 31.968);
    let line = item(&e, "aws_instance.a");
    assert_eq!(line.count, 2.0);
    assert!(
        line.assumptions.iter().any(|a| a.contains("8 GB gp2")),
        "{:?}",
        line.assumptions
    );
}

#[test]
fn instance_with_an_elastic_ip_is_not_charged_twice() {
    let e = priced(
        r#"
        resource "aws_instance" "a" {
          ami                         = "ami-1"
          instance_type               = "t3.micro"
          associate_public_ip_address = true
          root_block_device {
            volume_size = 10
            volume_type = "gp2"
          }
        }
        resource "aws_eip" "a" {
          domain   = "vpc"
          instance = aws_instance.a.id
        }
        "#,
    );
    // 730 x 0.0104 + 10 x 0.10 = 7.592 + 1.00; the address is on the EIP line: 730 x 0.005
    monthly(&e, "aws_instance.a", 8.592);
    monthly(&e, "aws_eip.a", 3.65);
}

#[test]
fn ebs_volumes_gp3_above_baseline_and_io1() {
    let e = priced(
        r#"
        resource "aws_ebs_volume" "fast" {
          availability_zone = "us-east-1a"
          type              = "gp3"
          size              = 500
          iops              = 6000
          throughput        = 250
        }
        resource "aws_ebs_volume" "io" {
          availability_zone = "us-east-1a"
          type              = "io1"
          size              = 100
          iops              = 1000
        }
        "#,
    );
    // 500 x 0.08 + (6000 - 3000) x 0.005 + (250 - 125) x 0.04 = 40 + 15 + 5
    monthly(&e, "aws_ebs_volume.fast", 60.0);
    // 100 x 0.125 + 1000 x 0.065 = 12.5 + 65
    monthly(&e, "aws_ebs_volume.io", 77.5);
}

#[test]
fn autoscaling_group_desired_capacity_times_the_launch_template() {
    let e = priced(
        r#"
        resource "aws_launch_template" "app" {
          instance_type = "t3.small"
          block_device_mappings {
            device_name = "/dev/sda1"
            ebs {
              volume_size = 20
              volume_type = "gp3"
            }
          }
        }
        resource "aws_autoscaling_group" "app" {
          min_size         = 2
          max_size         = 4
          desired_capacity = 2
          launch_template {
            id      = aws_launch_template.app.id
            version = "$Latest"
          }
        }
        "#,
    );
    // 2 x 730 x 0.0208 + 2 x 20 x 0.08 = 30.368 + 3.20
    monthly(&e, "aws_autoscaling_group.app", 33.568);
    assert_eq!(item(&e, "aws_launch_template.app").status, Status::Free);
}

#[test]
fn autoscaling_group_min_size_by_environment() {
    let hcl = r#"
        variable "environment" { default = "dev" }
        resource "aws_launch_template" "app" { instance_type = "t3.micro" }
        resource "aws_autoscaling_group" "app" {
          min_size = var.environment == "prod" ? 2 : 1
          max_size = 4
          launch_template { id = aws_launch_template.app.id }
        }
    "#;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), hcl).unwrap();
    let price = |env: &str| {
        let options = LoadOptions {
            vars: vec![format!("environment={env}")],
            ..Default::default()
        };
        let p = Project::load(dir.path(), &options).unwrap();
        let e = estimate(&p, PriceList::embedded(), &Usage::defaults());
        item(&e, "aws_autoscaling_group.app").monthly_usd.unwrap()
    };
    // n x (730 x 0.0104 + 8 x 0.10)
    close(price("dev"), 8.392);
    close(price("prod"), 16.784);
}

// ------------------------------------------------------------------------------------------------
// RDS

#[test]
fn rds_multi_az_doubles_instance_and_storage() {
    let e = priced(
        r#"
        resource "aws_db_instance" "db" {
          engine            = "postgres"
          instance_class    = "db.t3.micro"
          allocated_storage = 20
          storage_type      = "gp3"
          multi_az          = true
        }
        "#,
    );
    // 730 x 0.036 + 20 x 0.23 = 26.28 + 4.60
    monthly(&e, "aws_db_instance.db", 30.88);
}

#[test]
fn rds_single_az_mysql_default_storage_and_free_performance_insights() {
    let e = priced(
        r#"
        resource "aws_db_instance" "db" {
          engine                       = "mysql"
          instance_class               = "db.t4g.small"
          allocated_storage            = 100
          performance_insights_enabled = true
        }
        "#,
    );
    // 730 x 0.032 + 100 x 0.115 (gp2, the default) = 23.36 + 11.50; PI 7 days is free
    monthly(&e, "aws_db_instance.db", 34.86);
    let line = item(&e, "aws_db_instance.db");
    assert!(line
        .assumptions
        .iter()
        .any(|a| a.contains("storage_type not set: gp2")));
    assert!(line
        .price_keys
        .contains(&"rds.performance-insights.free-tier".to_string()));
}

#[test]
fn rds_performance_insights_long_retention_and_enhanced_monitoring() {
    let u = usage(
        r#"
        [resource_usage."aws_db_instance.db"]
        enhanced_monitoring_gb_at_60s = 5
        "#,
    );
    let e = priced_with(
        r#"
        resource "aws_db_instance" "db" {
          engine                                = "postgres"
          instance_class                        = "db.t3.small"
          allocated_storage                     = 20
          storage_type                          = "gp3"
          performance_insights_enabled          = true
          performance_insights_retention_period = 93
          monitoring_interval                   = 30
        }
        "#,
        &u,
    );
    // instance 730 x 0.036 = 26.28; storage 20 x 0.115 = 2.30
    // PI 93 days = 3 months: 2 vCPU x 1.52 + 2 vCPU x 2 months x 0.064 = 3.04 + 0.256
    // Enhanced Monitoring at 30 s: 5 GB x 60/30 = 10 GB; ingestion (10 - 5 free) x 0.50 = 2.50,
    // storage 10 x 0.03 = 0.30
    monthly(
        &e,
        "aws_db_instance.db",
        26.28 + 2.30 + 3.04 + 0.256 + 2.50 + 0.30,
    );
}

#[test]
fn rds_read_replica_inherits_engine_and_storage() {
    let e = priced(
        r#"
        resource "aws_db_instance" "db" {
          identifier        = "main"
          engine            = "postgres"
          instance_class    = "db.t3.micro"
          allocated_storage = 20
          storage_type      = "gp3"
        }
        resource "aws_db_instance" "replica" {
          replicate_source_db = aws_db_instance.db.identifier
          instance_class      = "db.t3.small"
        }
        "#,
    );
    // db.t3.small postgres Single-AZ 730 x 0.036 + its source's 20 GB gp3 x 0.115
    monthly(&e, "aws_db_instance.replica", 26.28 + 2.30);
}

#[test]
fn rds_unknown_class_is_missing_not_zero() {
    let e = priced(
        r#"
        variable "class" { type = string }
        resource "aws_db_instance" "db" {
          engine            = "postgres"
          instance_class    = var.class
          allocated_storage = 20
          storage_type      = "gp3"
        }
        "#,
    );
    let line = item(&e, "aws_db_instance.db");
    assert_eq!(line.status, Status::Missing);
    assert_eq!(line.monthly_usd, None);
    close(line.priced_usd(), 2.30);
    assert!(!e.complete);
    assert!(line.formula.contains("price: missing"), "{}", line.formula);
}

#[test]
fn rds_engine_without_a_price_is_missing() {
    let e = priced(
        r#"
        resource "aws_db_instance" "db" {
          engine            = "oracle-se2"
          instance_class    = "db.t3.micro"
          allocated_storage = 20
        }
        "#,
    );
    let line = item(&e, "aws_db_instance.db");
    assert_eq!(line.status, Status::Missing);
    assert_eq!(
        line.missing[0].price_key.as_deref(),
        Some("rds.instance.oracle-se2.db.t3.micro.single-az")
    );
}

// ------------------------------------------------------------------------------------------------
// Networking

#[test]
fn application_load_balancer_hours_and_lcus() {
    let e = priced(r#"resource "aws_lb" "a" { load_balancer_type = "application" }"#);
    // 730 x 0.0225 + 0.5 LCU x 730 x 0.008 = 16.425 + 2.92
    monthly(&e, "aws_lb.a", 19.345);
}

#[test]
fn network_load_balancer_is_missing() {
    let e = priced(r#"resource "aws_lb" "n" { load_balancer_type = "network" }"#);
    assert_eq!(item(&e, "aws_lb.n").status, Status::Missing);
}

#[test]
fn nat_gateway_hours_and_data() {
    let e = priced(r#"resource "aws_nat_gateway" "n" { subnet_id = "s" }"#);
    // 730 x 0.045 + 10 GB x 0.045 = 32.85 + 0.45
    monthly(&e, "aws_nat_gateway.n", 33.30);
}

#[test]
fn elastic_ip_alone() {
    let e = priced(r#"resource "aws_eip" "nat" { domain = "vpc" }"#);
    monthly(&e, "aws_eip.nat", 3.65);
}

#[test]
fn free_resources_are_listed_as_free() {
    let e = priced(
        r#"
        resource "aws_vpc" "v" { cidr_block = "10.0.0.0/16" }
        resource "aws_subnet" "s" {
          vpc_id     = aws_vpc.v.id
          cidr_block = "10.0.1.0/24"
        }
        resource "aws_security_group" "g" { vpc_id = aws_vpc.v.id }
        resource "aws_iam_role" "r" { assume_role_policy = "{}" }
        resource "aws_route53_record" "a" {
          zone_id = "z"
          name    = "a"
          type    = "A"
        }
        resource "aws_lb_listener" "l" { load_balancer_arn = "x" }
        resource "aws_lb_target_group" "t" { name = "t" }
        "#,
    );
    assert_eq!(e.items.len(), 7);
    for line in &e.items {
        assert_eq!(line.status, Status::Free, "{}", line.address);
        assert_eq!(line.monthly_usd, Some(0.0));
        assert!(line.formula.starts_with("free: "), "{}", line.formula);
    }
    close(e.total_usd, 0.0);
    assert!(e.complete);
}

#[test]
fn an_unknown_aws_type_is_missing() {
    let e = priced(r#"resource "aws_mq_broker" "b" { broker_name = "b" }"#);
    let line = item(&e, "aws_mq_broker.b");
    assert_eq!(line.status, Status::Missing);
    assert!(line.missing[0]
        .reason
        .contains("no price model for aws_mq_broker"));
}

// ------------------------------------------------------------------------------------------------
// Caches, storage, data

#[test]
fn elasticache_replication_group_nodes() {
    let e = priced(
        r#"
        resource "aws_elasticache_replication_group" "r" {
          replication_group_id = "r"
          description          = "r"
          node_type            = "cache.t3.micro"
          num_cache_clusters   = 2
        }
        resource "aws_elasticache_replication_group" "v" {
          replication_group_id = "v"
          description          = "v"
          engine               = "valkey"
          node_type            = "cache.t4g.small"
        }
        "#,
    );
    // 2 nodes x 730 x 0.017
    monthly(&e, "aws_elasticache_replication_group.r", 24.82);
    // 1 node x 730 x 0.0256
    monthly(&e, "aws_elasticache_replication_group.v", 18.688);
}

#[test]
fn elasticache_cluster_nodes_and_memcached_missing() {
    let e = priced(
        r#"
        resource "aws_elasticache_cluster" "c" {
          cluster_id      = "c"
          engine          = "redis"
          node_type       = "cache.t4g.micro"
          num_cache_nodes = 1
        }
        resource "aws_elasticache_cluster" "m" {
          cluster_id      = "m"
          engine          = "memcached"
          node_type       = "cache.t4g.micro"
          num_cache_nodes = 2
        }
        "#,
    );
    // 730 x 0.016
    monthly(&e, "aws_elasticache_cluster.c", 11.68);
    assert_eq!(
        item(&e, "aws_elasticache_cluster.m").status,
        Status::Missing
    );
}

#[test]
fn s3_bucket_storage_and_requests() {
    let e = priced(r#"resource "aws_s3_bucket" "b" { bucket = "b" }"#);
    // 10 GB x 0.023 + 10,000 PUT x 0.005/1k + 100,000 GET x 0.0004/1k = 0.23 + 0.05 + 0.04
    monthly(&e, "aws_s3_bucket.b", 0.32);
    let u = usage("[resource_type_default_usage.aws_s3_bucket]\nstorage_gb = 100\nput_requests = 0\nget_requests = 0\n");
    let e = priced_with(r#"resource "aws_s3_bucket" "b" { bucket = "b" }"#, &u);
    // 100 x 0.023
    monthly(&e, "aws_s3_bucket.b", 2.30);
}

#[test]
fn dynamodb_on_demand_and_provisioned_missing() {
    let e = priced(
        r#"
        resource "aws_dynamodb_table" "locks" {
          name         = "locks"
          billing_mode = "PAY_PER_REQUEST"
          hash_key     = "LockID"
        }
        resource "aws_dynamodb_table" "p" {
          name     = "p"
          hash_key = "id"
        }
        "#,
    );
    // 10,000 WRU x 0.625/M + 10,000 RRU x 0.125/M + 0.1 GB (25 GB free) = 0.00625 + 0.00125
    monthly(&e, "aws_dynamodb_table.locks", 0.0075);
    assert_eq!(item(&e, "aws_dynamodb_table.p").status, Status::Missing);
}

#[test]
fn secret_with_api_calls_and_a_replica() {
    let e = priced(
        r#"
        resource "aws_secretsmanager_secret" "s" { name = "s" }
        resource "aws_secretsmanager_secret" "r" {
          name = "r"
          replica { region = "eu-west-1" }
        }
        "#,
    );
    // 0.40 + 10,000 calls x 0.05/10k
    monthly(&e, "aws_secretsmanager_secret.s", 0.45);
    // 2 x 0.40 + 0.05
    monthly(&e, "aws_secretsmanager_secret.r", 0.85);
}

#[test]
fn kms_keys_share_the_free_requests() {
    let e = priced(
        r#"
        resource "aws_kms_key" "k" {
          count               = 3
          enable_key_rotation = true
        }
        "#,
    );
    // 3 x 1.00 + (30,000 - 20,000 free) x 0.03/10k
    monthly(&e, "aws_kms_key.k", 3.03);
}

// ------------------------------------------------------------------------------------------------
// Monitoring

#[test]
fn alarms_after_the_ten_free_and_high_resolution() {
    let e = priced(
        r#"
        resource "aws_cloudwatch_metric_alarm" "a" {
          count               = 12
          alarm_name          = "a"
          comparison_operator = "GreaterThanThreshold"
          evaluation_periods  = 1
          period              = 300
        }
        resource "aws_cloudwatch_metric_alarm" "fast" {
          alarm_name          = "fast"
          comparison_operator = "GreaterThanThreshold"
          evaluation_periods  = 1
          period              = 10
        }
        "#,
    );
    // (12 - 10 free) x 0.10
    monthly(&e, "aws_cloudwatch_metric_alarm.a", 0.20);
    // high resolution: 0.30, no free tier
    monthly(&e, "aws_cloudwatch_metric_alarm.fast", 0.30);
}

#[test]
fn the_free_alarms_go_to_the_first_lines() {
    let e = priced(
        r#"
        resource "aws_cloudwatch_metric_alarm" "a" {
          for_each   = toset(["1", "2", "3", "4", "5", "6", "7", "8"])
          alarm_name = each.key
        }
        resource "aws_cloudwatch_metric_alarm" "b" {
          count      = 4
          alarm_name = "b"
        }
        "#,
    );
    monthly(&e, "aws_cloudwatch_metric_alarm.a", 0.0);
    // 8 + 4 = 12 alarms, 10 free: the last 2 are on b
    monthly(&e, "aws_cloudwatch_metric_alarm.b", 0.20);
    let b = item(&e, "aws_cloudwatch_metric_alarm.b");
    assert!(
        b.formula.contains("first 10 free per month account-wide"),
        "{}",
        b.formula
    );
    assert!(b.formula.contains("8 already counted"), "{}", b.formula);
}

#[test]
fn log_group_ingestion_and_storage_by_retention() {
    let u = usage("[resource_usage.\"aws_cloudwatch_log_group.big\"]\ningestion_gb = 20\n");
    let e = priced_with(
        r#"
        resource "aws_cloudwatch_log_group" "big" {
          name              = "big"
          retention_in_days = 90
        }
        resource "aws_cloudwatch_log_group" "small" {
          name              = "small"
          retention_in_days = 30
        }
        "#,
        &u,
    );
    // (20 - 5 free) x 0.50 + 20 GB x 3 months x 0.03 = 7.50 + 1.80
    monthly(&e, "aws_cloudwatch_log_group.big", 9.30);
    // 1 GB x 0.50 (free tier used up) + 1 GB x 1 month x 0.03
    monthly(&e, "aws_cloudwatch_log_group.small", 0.53);
}

#[test]
fn log_group_that_never_expires_stores_a_year() {
    let e = priced(r#"resource "aws_cloudwatch_log_group" "g" { name = "g" }"#);
    // 1 GB ingestion within the free 5 GB; 1 GB x 12 months x 0.03
    monthly(&e, "aws_cloudwatch_log_group.g", 0.36);
}

#[test]
fn dashboards_after_three_free() {
    let e = priced(
        r#"
        resource "aws_cloudwatch_dashboard" "d" {
          count          = 4
          dashboard_name = "d"
          dashboard_body = "{}"
        }
        "#,
    );
    // (4 - 3 free) x 3.00
    monthly(&e, "aws_cloudwatch_dashboard.d", 3.00);
}

#[test]
fn sns_topic_publishes_and_email_deliveries() {
    let u = usage("[resource_usage.\"aws_sns_topic.t\"]\npublishes = 101000\n");
    let e = priced_with(
        r#"
        resource "aws_sns_topic" "t" { name = "t" }
        resource "aws_sns_topic_subscription" "e" {
          topic_arn = aws_sns_topic.t.arn
          protocol  = "email"
          endpoint  = "ops@example.com"
        }
        "#,
        &u,
    );
    // publishes within the free million; (101,000 - 1,000 free) emails x 2.00/100k
    monthly(&e, "aws_sns_topic.t", 2.00);
    assert_eq!(
        item(&e, "aws_sns_topic_subscription.e").status,
        Status::Free
    );
}

// ------------------------------------------------------------------------------------------------
// Edge and security

#[test]
fn waf_acl_rules_counted_with_dynamic_rules_and_bot_control() {
    let hcl = |bot: bool| {
        format!(
            r#"
        locals {{
          managed = ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesSQLiRuleSet"]
          bot     = {bot}
        }}
        resource "aws_wafv2_web_acl" "w" {{
          name  = "w"
          scope = "REGIONAL"
          default_action {{
            allow {{}}
          }}
          rule {{
            name     = "rate"
            priority = 1
          }}
          dynamic "rule" {{
            for_each = local.managed
            content {{
              name     = rule.value
              priority = 10 + rule.key
              statement {{
                managed_rule_group_statement {{
                  name        = rule.value
                  vendor_name = "AWS"
                }}
              }}
            }}
          }}
          dynamic "rule" {{
            for_each = local.bot ? [1] : []
            content {{
              name     = "bot"
              priority = 20
              statement {{
                managed_rule_group_statement {{
                  name        = "AWSManagedRulesBotControlRuleSet"
                  vendor_name = "AWS"
                }}
              }}
            }}
          }}
        }}
        "#
        )
    };
    let e = priced(&hcl(false));
    // 5.00 + 3 rules x 1.00 + 1M requests x 0.60/M
    monthly(&e, "aws_wafv2_web_acl.w", 8.60);
    let e = priced(&hcl(true));
    // 5.00 + 4 rules + 0.60 + Bot Control 10.00 (its first 10M requests are free)
    monthly(&e, "aws_wafv2_web_acl.w", 19.60);
}

#[test]
fn route53_zone_and_queries() {
    let e = priced(r#"resource "aws_route53_zone" "z" { name = "example.com" }"#);
    // 0.50 + 1M queries x 0.40/M
    monthly(&e, "aws_route53_zone.z", 0.90);
}

#[test]
fn acm_public_certificates_are_free_but_priced() {
    let e = priced(
        r#"
        resource "aws_acm_certificate" "c" {
          domain_name       = "example.com"
          validation_method = "DNS"
        }
        "#,
    );
    let line = item(&e, "aws_acm_certificate.c");
    assert_eq!(line.status, Status::Priced);
    close(line.monthly_usd.unwrap(), 0.0);
    assert_eq!(line.price_keys, vec!["acm.certificate.public"]);
}

#[test]
fn guardduty_events_logs_and_s3_feature() {
    let e = priced(
        r#"
        resource "aws_guardduty_detector" "d" { enable = true }
        locals {
          features = { S3_DATA_EVENTS = true, RDS_LOGIN_EVENTS = true, EKS_AUDIT_LOGS = false }
        }
        resource "aws_guardduty_detector_feature" "f" {
          for_each    = local.features
          detector_id = aws_guardduty_detector.d.id
          name        = each.key
          status      = each.value ? "ENABLED" : "DISABLED"
        }
        "#,
    );
    // 100,000 events x 4.00/M + 5 GB x 1.00 + 100,000 S3 events x 0.80/M = 0.40 + 5.00 + 0.08;
    // RDS Protection covers Aurora only: none here, $0
    monthly(&e, "aws_guardduty_detector.d", 5.48);
    let line = item(&e, "aws_guardduty_detector.d");
    assert!(
        line.assumptions.iter().any(|a| a.contains("Aurora")),
        "{:?}",
        line.assumptions
    );
}

#[test]
fn backup_plan_storage() {
    let e = priced(
        r#"
        resource "aws_backup_vault" "v" { name = "v" }
        resource "aws_backup_plan" "p" {
          name = "p"
          rule {
            rule_name         = "daily"
            target_vault_name = aws_backup_vault.v.name
            schedule          = "cron(0 5 * * ? *)"
          }
        }
        "#,
    );
    // 20 GB x 0.095 + 30 GB x 0.05 = 1.90 + 1.50
    monthly(&e, "aws_backup_plan.p", 3.40);
    assert_eq!(item(&e, "aws_backup_vault.v").status, Status::Free);
}

#[test]
fn cloudfront_free_tier_then_transfer_and_requests() {
    let hcl = r#"resource "aws_cloudfront_distribution" "d" { enabled = true }"#;
    // 50 GB within the free 1 TB, 1M requests within the free 10M
    monthly(&priced(hcl), "aws_cloudfront_distribution.d", 0.0);
    let u = usage(
        "[resource_type_default_usage.aws_cloudfront_distribution]\ndata_transfer_out_gb = 2048\nhttps_requests = 20000000\n",
    );
    // (2048 - 1024) x 0.085 + (20M - 10M) x 0.01/10k = 87.04 + 10.00
    monthly(
        &priced_with(hcl, &u),
        "aws_cloudfront_distribution.d",
        97.04,
    );
}

#[test]
fn flow_log_vended_logs_and_its_log_group_storage_only() {
    let e = priced(
        r#"
        resource "aws_cloudwatch_log_group" "flow" {
          name              = "flow"
          retention_in_days = 30
        }
        resource "aws_flow_log" "f" {
          vpc_id          = "vpc-1"
          traffic_type    = "ALL"
          log_destination = aws_cloudwatch_log_group.flow.arn
        }
        "#,
    );
    // 5 GB x 0.50 (vended logs)
    monthly(&e, "aws_flow_log.f", 2.50);
    // no ingestion here; 5 GB x 1 month x 0.03
    monthly(&e, "aws_cloudwatch_log_group.flow", 0.15);
}

#[test]
fn config_recorder_items_and_rule_evaluations() {
    let e = priced(
        r#"
        resource "aws_config_configuration_recorder" "r" { name = "r" }
        resource "aws_config_config_rule" "x" { name = "x" }
        "#,
    );
    // 1,000 items x 0.003
    monthly(&e, "aws_config_configuration_recorder.r", 3.00);
    // 1,000 evaluations x 0.001
    monthly(&e, "aws_config_config_rule.x", 1.00);
}

#[test]
fn internet_transfer_beyond_the_free_100_gb() {
    let u = usage("[resource_usage.stack]\ninternet_data_transfer_out_gb = 300\n");
    let e = priced_with(r#"resource "aws_lb" "a" {}"#, &u);
    // (300 - 100 free) x 0.09
    monthly(&e, "stack", 18.0);
}

// ------------------------------------------------------------------------------------------------
// Region

#[test]
fn the_provider_region_picks_the_prices() {
    let e = priced(
        r#"
        provider "aws" { region = "eu-west-1" }
        resource "aws_instance" "a" {
          ami           = "ami-1"
          instance_type = "t3.micro"
          root_block_device {
            volume_size = 8
            volume_type = "gp3"
          }
        }
        "#,
    );
    assert_eq!(e.region, "eu-west-1");
    let line = item(&e, "aws_instance.a");
    // 730 x 0.0114 + 8 x the eu-west-1 gp3 price
    let gp3 = PriceList::embedded()
        .lookup("ebs.volume.gp3", "eu-west-1")
        .unwrap()
        .usd;
    close(line.monthly_usd.unwrap(), 730.0 * 0.0114 + 8.0 * gp3);
}

#[test]
fn a_region_without_prices_is_missing_everywhere() {
    let e = priced(
        r#"
        provider "aws" { region = "ap-south-1" }
        resource "aws_eip" "a" { domain = "vpc" }
        "#,
    );
    assert!(!e.complete);
    assert_eq!(item(&e, "aws_eip.a").status, Status::Missing);
    assert!(
        e.notes
            .iter()
            .any(|n| n.contains("no figures for ap-south-1")),
        "{:?}",
        e.notes
    );
}

#[test]
fn a_user_price_file_overlays_the_shipped_list() {
    let mut prices = PriceList::embedded().clone();
    let mine = PriceList::from_toml_str(
        r#"
        [[price]]
        key = "vpc.public-ipv4.in-use"
        service = "vpc"
        item = "negotiated"
        region = "us-east-1"
        unit = "hour"
        usd = 0.004
        source = "https://aws.amazon.com/vpc/pricing/"
        as_of = "2025-06-01"
        "#,
        "mine.toml",
    )
    .unwrap();
    prices.overlay(mine);
    let (_dir, p) = project(r#"resource "aws_eip" "a" { domain = "vpc" }"#);
    let e = estimate(&p, &prices, &Usage::defaults());
    // 730 x 0.004
    close(item(&e, "aws_eip.a").monthly_usd.unwrap(), 2.92);
    assert!(e.prices_origin.ends_with("+ mine.toml"));
}

#[test]
fn estimates_round_trip_through_json() {
    let e = priced(r#"resource "aws_eip" "a" { domain = "vpc" }"#);
    let json = serde_json::to_string(&e).unwrap();
    let back: Estimate = serde_json::from_str(&json).unwrap();
    assert_eq!(back.items.len(), e.items.len());
    close(back.total_usd, e.total_usd);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["items"][0]["status"], "priced");
}
