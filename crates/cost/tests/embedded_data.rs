//! Policy checks on the shipped price list (data/prices.toml).

use std::collections::HashSet;

use tfready_cost::{PriceList, Unit, EMBEDDED_PRICES};

const REGIONS: [&str; 2] = ["us-east-1", "eu-west-1"];

fn list() -> PriceList {
    PriceList::parse_embedded().unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn the_embedded_file_loads() {
    let list = list();
    assert!(list.len() >= 200, "only {} entries", list.len());
    assert_eq!(list.hours_per_month(), 730.0);
    assert_eq!(list.regions(), vec!["eu-west-1", "us-east-1"]);
}

#[test]
fn every_entry_has_a_source_page_and_a_date() {
    for price in list().prices() {
        assert!(
            price.source.starts_with("https://aws.amazon.com/"),
            "{} ({}): source {} is not an AWS pricing page",
            price.key,
            price.region,
            price.source
        );
        assert_eq!(
            price.as_of.len(),
            10,
            "{} ({}): as_of {}",
            price.key,
            price.region,
            price.as_of
        );
    }
}

#[test]
fn every_price_is_non_negative_with_a_known_unit() {
    for price in list().prices() {
        assert!(
            price.usd.is_finite() && price.usd >= 0.0,
            "{} ({})",
            price.key,
            price.region
        );
        assert!(Unit::ALL.contains(&price.unit));
        assert_eq!(Unit::parse(price.unit.as_str()), Some(price.unit));
    }
}

#[test]
fn no_key_appears_twice_in_a_region() {
    let mut seen = HashSet::new();
    for price in list().prices() {
        assert!(
            seen.insert((price.key.clone(), price.region.clone())),
            "duplicate {} ({})",
            price.key,
            price.region
        );
    }
    // The loader rejects duplicates, so also check the raw text: one `[[price]]` per entry.
    let headers = EMBEDDED_PRICES
        .lines()
        .filter(|line| line.trim() == "[[price]]")
        .count();
    assert_eq!(headers, seen.len());
}

#[test]
fn both_regions_price_the_same_keys() {
    let list = list();
    list.region_parity()
        .unwrap_or_else(|missing| panic!("missing prices: {missing:#?}"));
    let us: Vec<&str> = list.keys(REGIONS[0]);
    let eu: Vec<&str> = list.keys(REGIONS[1]);
    assert_eq!(us, eu);
    for price in list.prices() {
        assert!(
            REGIONS.contains(&price.region.as_str()),
            "{} in {}",
            price.key,
            price.region
        );
    }
}

#[test]
fn unverified_figures_say_so() {
    for price in list().prices() {
        if !price.is_verified() {
            let note = price.note.as_deref().unwrap_or("");
            assert!(
                note.contains("not re-verified"),
                "{} ({}) has no verified_via and no 'not re-verified' note",
                price.key,
                price.region
            );
        }
    }
}

#[test]
fn the_brief_s_items_are_all_priced() {
    let list = list();
    let mut required: Vec<String> = Vec::new();
    for t in [
        "t3.micro",
        "t3.small",
        "t3.medium",
        "t3.large",
        "t3.xlarge",
        "t4g.small",
        "t4g.medium",
        "t4g.large",
        "m5.large",
        "m6i.large",
        "m7i.large",
        "c6i.large",
    ] {
        required.push(format!("ec2.instance.{t}"));
    }
    for class in [
        "db.t3.micro",
        "db.t3.small",
        "db.t3.medium",
        "db.t3.large",
        "db.t4g.micro",
        "db.t4g.small",
        "db.t4g.medium",
        "db.t4g.large",
        "db.m5.large",
        "db.m6g.large",
        "db.r6g.large",
    ] {
        for engine in ["postgres", "mysql"] {
            for az in ["single-az", "multi-az"] {
                required.push(format!("rds.instance.{engine}.{class}.{az}"));
            }
        }
    }
    for node in [
        "cache.t3.micro",
        "cache.t3.small",
        "cache.t4g.micro",
        "cache.t4g.small",
        "cache.m6g.large",
    ] {
        required.push(format!("elasticache.node.redis.{node}"));
        required.push(format!("elasticache.node.valkey.{node}"));
    }
    required.extend(
        [
            "ebs.volume.gp2",
            "ebs.volume.gp3",
            "ebs.volume.gp3.iops",
            "ebs.volume.gp3.throughput",
            "ebs.volume.io1",
            "ebs.volume.io1.iops",
            "ebs.volume.st1",
            "ebs.volume.sc1",
            "ebs.snapshot.standard",
            "vpc.public-ipv4.in-use",
            "vpc.public-ipv4.idle",
            "rds.storage.gp2.single-az",
            "rds.storage.gp2.multi-az",
            "rds.storage.gp3.single-az",
            "rds.storage.gp3.multi-az",
            "rds.backup-storage",
            "rds.performance-insights.free-tier",
            "rds.performance-insights.retention.first-month",
            "rds.enhanced-monitoring",
            "elb.alb.hour",
            "elb.alb.lcu",
            "vpc.nat-gateway.hour",
            "vpc.nat-gateway.data-processed",
            "elasticache.backup-storage",
            "s3.standard.storage",
            "s3.standard.put-requests",
            "s3.standard.get-requests",
            "dynamodb.on-demand.write-request-units",
            "dynamodb.on-demand.read-request-units",
            "dynamodb.storage.standard",
            "secretsmanager.secret",
            "secretsmanager.api-calls",
            "kms.key.customer-managed",
            "kms.requests",
            "cloudwatch.alarm.standard",
            "cloudwatch.alarm.high-resolution",
            "cloudwatch.metric.custom",
            "cloudwatch.logs.ingestion",
            "cloudwatch.logs.storage",
            "cloudwatch.dashboard",
            "cloudwatch.logs.vended.cloudwatch-logs",
            "sns.publish",
            "sns.delivery.email",
            "sns.delivery.https",
            "waf.web-acl",
            "waf.rule",
            "waf.requests",
            "waf.bot-control.common.subscription",
            "waf.bot-control.common.requests",
            "route53.hosted-zone",
            "route53.queries.standard",
            "route53.queries.alias-aws",
            "acm.certificate.public",
            "guardduty.cloudtrail-management-events",
            "guardduty.vpc-flow-dns-logs",
            "guardduty.s3-data-events",
            "guardduty.malware-protection.ebs",
            "backup.ebs.warm-storage",
            "backup.rds.storage",
            "backup.ebs.cold-storage",
            "backup.ebs.cold-restore",
            "cloudfront.data-transfer-out.na-eu",
            "cloudfront.https-requests.north-america",
            "vpc.flow-logs.cloudwatch-logs",
            "config.configuration-item.continuous",
            "config.rule-evaluation",
            "data-transfer.internet-out",
        ]
        .map(String::from),
    );
    for key in &required {
        for region in REGIONS {
            assert!(
                list.lookup(key, region).is_some(),
                "no price for {key} in {region}"
            );
        }
    }
}

#[test]
fn free_tiers_from_the_brief() {
    let list = list();
    let free = |key: &str| {
        list.lookup(key, "us-east-1")
            .and_then(|p| p.free_tier)
            .map(|f| f.quantity)
    };
    assert_eq!(free("cloudwatch.alarm.standard"), Some(10.0));
    assert_eq!(free("cloudwatch.metric.custom"), Some(10.0));
    assert_eq!(free("cloudwatch.logs.ingestion"), Some(5.0));
    assert_eq!(free("cloudwatch.dashboard"), Some(3.0));
    assert_eq!(free("kms.requests"), Some(20_000.0));
    assert_eq!(free("sns.publish"), Some(1_000_000.0));
    assert_eq!(free("sns.delivery.email"), Some(1_000.0));
    assert_eq!(free("data-transfer.internet-out"), Some(100.0));
    assert_eq!(free("cloudfront.data-transfer-out.na-eu"), Some(1_024.0));
    assert_eq!(
        free("cloudfront.https-requests.north-america"),
        Some(10_000_000.0)
    );
}
