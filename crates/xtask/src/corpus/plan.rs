//! A plan file (`terraform show -json`, format 1.2, on one line as
//! Terraform writes it) of many resources in child modules, some of them
//! counted, configured well or badly at random.

use std::fmt::Write as _;
use std::path::Path;

use super::Rng;

/// Resources a child module holds.
const PER_MODULE: usize = 100;

pub fn write(resources: usize, seed: u64, bad: u64, out: &Path) -> Result<String, String> {
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let mut modules = Vec::new();
    let mut changes = Vec::new();
    let mut written = 0;
    let mut m = 0;
    while written < resources {
        let address = format!("module.svc{m:04}");
        let mut list = Vec::new();
        for i in 0..PER_MODULE.min(resources - written) {
            let kind = rng.below(12);
            let is_bad = rng.chance(bad);
            let (ty, values) = values(kind, is_bad, m, i);
            // Every fifth resource is the second instance of a counted one.
            let (name, index) = if i % 5 == 4 {
                (format!("r{}", i - 1), "1")
            } else if i % 5 == 3 {
                (format!("r{i}"), "0")
            } else {
                (format!("r{i}"), "")
            };
            let (key, idx) = if index.is_empty() {
                (String::new(), String::new())
            } else {
                (format!("[{index}]"), format!(",\"index\":{index}"))
            };
            let addr = format!("{address}.{ty}.{name}{key}");
            list.push(format!("{{\"address\":\"{addr}\",\"mode\":\"managed\",\"type\":\"{ty}\",\"name\":\"{name}\"{idx},\"provider_name\":\"registry.terraform.io/hashicorp/aws\",\"schema_version\":0,\"values\":{values},\"sensitive_values\":{{}}}}"));
            changes.push(format!("{{\"address\":\"{addr}\",\"module_address\":\"{address}\",\"mode\":\"managed\",\"type\":\"{ty}\",\"name\":\"{name}\"{idx},\"provider_name\":\"registry.terraform.io/hashicorp/aws\",\"change\":{{\"actions\":[\"create\"],\"before\":null,\"after\":{values},\"after_unknown\":{{\"id\":true,\"arn\":true}},\"before_sensitive\":false,\"after_sensitive\":{{}}}}}}"));
            written += 1;
        }
        modules.push(format!(
            "{{\"address\":\"{address}\",\"resources\":[{}]}}",
            list.join(",")
        ));
        m += 1;
    }
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{{\"format_version\":\"1.2\",\"terraform_version\":\"1.9.8\",\"planned_values\":{{\"root_module\":{{\"child_modules\":[{}]}}}},\"resource_changes\":[{}],\"configuration\":{{\"provider_config\":{{\"aws\":{{\"name\":\"aws\",\"full_name\":\"registry.terraform.io/hashicorp/aws\",\"expressions\":{{\"region\":{{\"constant_value\":\"us-east-1\"}}}}}}}},\"root_module\":{{}}}}}}",
        modules.join(","),
        changes.join(",")
    );
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    }
    std::fs::write(out, &text).map_err(|e| e.to_string())?;
    Ok(format!(
        "1 file, {:.1} MB, {m} modules, {written} resources declared, {written} resource instances",
        text.len() as f64 / 1e6
    ))
}

/// A resource's type and planned values (JSON), good or bad.
fn values(kind: u64, bad: bool, m: usize, i: usize) -> (&'static str, String) {
    let name = format!("svc{m:04}-r{i}");
    let tags = format!("{{\"Name\":\"{name}\",\"Environment\":\"prod\"}}");
    match kind {
        0 => {
            let (port, cidr) = if bad { (22, "0.0.0.0/0") } else { (443, "10.0.0.0/8") };
            ("aws_security_group", format!("{{\"name\":\"{name}\",\"description\":\"Managed by Terraform\",\"vpc_id\":\"vpc-0123456789abcdef0\",\"ingress\":[{{\"from_port\":{port},\"to_port\":{port},\"protocol\":\"tcp\",\"cidr_blocks\":[\"{cidr}\"],\"description\":\"in\",\"ipv6_cidr_blocks\":[],\"prefix_list_ids\":[],\"security_groups\":[],\"self\":false}}],\"egress\":[{{\"from_port\":0,\"to_port\":0,\"protocol\":\"-1\",\"cidr_blocks\":[\"0.0.0.0/0\"],\"description\":\"\",\"ipv6_cidr_blocks\":[],\"prefix_list_ids\":[],\"security_groups\":[],\"self\":false}}],\"revoke_rules_on_delete\":false,\"tags\":{tags},\"timeouts\":null}}"))
        }
        1 => ("aws_instance", format!("{{\"ami\":\"ami-0123456789abcdef0\",\"instance_type\":\"t3.large\",\"subnet_id\":\"subnet-0123456789abcdef0\",\"metadata_options\":[{{\"http_endpoint\":\"enabled\",\"http_tokens\":\"{}\"}}],\"root_block_device\":[{{\"volume_type\":\"gp3\",\"volume_size\":30,\"encrypted\":{}}}],\"monitoring\":false,\"tags\":{tags}}}", if bad { "optional" } else { "required" }, !bad)),
        2 => ("aws_db_instance", format!("{{\"identifier\":\"{name}\",\"engine\":\"postgres\",\"engine_version\":\"16.4\",\"instance_class\":\"db.t3.medium\",\"allocated_storage\":20,\"storage_type\":\"gp3\",\"storage_encrypted\":{},\"multi_az\":{},\"backup_retention_period\":{},\"deletion_protection\":{},\"skip_final_snapshot\":{},\"username\":\"app\",\"manage_master_user_password\":true,\"publicly_accessible\":false,\"tags\":{tags}}}", !bad, !bad, if bad { 1 } else { 7 }, !bad, bad)),
        3 => ("aws_s3_bucket", format!("{{\"bucket\":\"{name}\",\"force_destroy\":false,\"tags\":{tags}}}")),
        4 => ("aws_cloudwatch_log_group", format!("{{\"name\":\"/corpus/{name}\",\"retention_in_days\":{},\"skip_destroy\":false,\"tags\":{tags}}}", if bad { 0 } else { 30 })),
        5 => ("aws_cloudwatch_metric_alarm", format!("{{\"alarm_name\":\"{name}\",\"namespace\":\"AWS/EC2\",\"metric_name\":\"CPUUtilization\",\"comparison_operator\":\"GreaterThanThreshold\",\"threshold\":80,\"evaluation_periods\":2,\"period\":300,\"statistic\":\"Average\",\"alarm_actions\":{},\"tags\":{tags}}}", if bad { "[]" } else { "[\"arn:aws:sns:us-east-1:123456789012:alerts\"]" })),
        6 => ("aws_kms_key", format!("{{\"description\":\"{name}\",\"deletion_window_in_days\":10,\"enable_key_rotation\":{},\"is_enabled\":true,\"tags\":{tags}}}", !bad)),
        7 => ("aws_lb_listener", format!("{{\"load_balancer_arn\":\"arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/{name}/1\",\"port\":443,\"protocol\":\"HTTPS\",\"ssl_policy\":\"{}\",\"certificate_arn\":\"arn:aws:acm:us-east-1:123456789012:certificate/{name}\",\"default_action\":[{{\"type\":\"forward\",\"target_group_arn\":\"arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/{name}/1\"}}]}}", if bad { "ELBSecurityPolicy-2016-08" } else { "ELBSecurityPolicy-TLS13-1-2-2021-06" })),
        8 => ("aws_iam_role", format!("{{\"name\":\"{name}\",\"assume_role_policy\":\"{{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":[{{\\\"Effect\\\":\\\"Allow\\\",\\\"Action\\\":\\\"sts:AssumeRole\\\",\\\"Principal\\\":{{\\\"Service\\\":\\\"ec2.amazonaws.com\\\"}}}}]}}\",\"max_session_duration\":3600,\"tags\":{tags}}}")),
        9 => ("aws_vpc", format!("{{\"cidr_block\":\"10.{}.0.0/16\",\"enable_dns_hostnames\":true,\"enable_dns_support\":true,\"instance_tenancy\":\"default\",\"tags\":{tags}}}", i % 250)),
        10 => ("aws_route53_record", format!("{{\"zone_id\":\"Z0123456789\",\"name\":\"{name}.example.com\",\"type\":\"CNAME\",\"ttl\":300,\"records\":[\"{name}.internal.example.com\"]}}")),
        _ => ("aws_subnet", format!("{{\"vpc_id\":\"vpc-0123456789abcdef0\",\"cidr_block\":\"10.{}.{}.0/24\",\"availability_zone\":\"us-east-1a\",\"map_public_ip_on_launch\":{bad},\"tags\":{tags}}}", i % 250, m % 250)),
    }
}
