//! Which product of AWS's price list each of tfready's price keys is: the
//! service, the attributes that pick the product out, and the unit of its
//! on-demand rate. The one place that knows AWS's price list vocabulary; both
//! the live API ([`Query::filters`] become `GetProducts` filters) and the
//! offline files ([`Query::matches`]) go through it.

use crate::offers::{attr_key, Product};
use crate::prices::{FreeTier, Price, Tier, Unit};

/// AWS's price list question for one key in one region.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub key: String,
    pub region: String,
    /// `AmazonEC2`, `AmazonRDS`, ...
    pub service_code: &'static str,
    /// tfready's service name (`Price::service`).
    pub service: &'static str,
    pub item: String,
    /// Exact attribute matches (also sent to the API).
    pub filters: Vec<(&'static str, String)>,
    /// A part of `usagetype` the product must contain (checked here: the
    /// API only matches whole values, and usage types carry a region prefix).
    pub usagetype_contains: Option<&'static str>,
    /// The rate's unit as AWS spells it (any of them; empty: whatever unit).
    pub aws_units: &'static [&'static str],
    pub unit: Unit,
    /// AWS's rate × `scale` = tfready's rate (e.g. per request → per million).
    pub scale: f64,
}

/// The source URL written on prices read from AWS's price list.
pub fn offer_url(service_code: &str, region: &str) -> String {
    format!(
        "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/{service_code}/current/{region}/index.json"
    )
}

/// The RDS `databaseEngine` (and license) of a Terraform engine name.
/// (databaseEngine, databaseEdition) of a Terraform engine name; the
/// editions are the licensed engines, priced license included.
fn rds_engine(engine: &str) -> Option<(&'static str, Option<&'static str>)> {
    Some(match engine {
        "postgres" => ("PostgreSQL", None),
        "mysql" => ("MySQL", None),
        "mariadb" => ("MariaDB", None),
        "aurora-postgresql" => ("Aurora PostgreSQL", None),
        "aurora-mysql" | "aurora" => ("Aurora MySQL", None),
        "oracle-se2" => ("Oracle", Some("Standard Two")),
        "sqlserver-ex" => ("SQL Server", Some("Express")),
        "sqlserver-web" => ("SQL Server", Some("Web")),
        "sqlserver-se" => ("SQL Server", Some("Standard")),
        "sqlserver-ee" => ("SQL Server", Some("Enterprise")),
        _ => return None,
    })
}

fn rds_volume(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "gp2" => "General Purpose",
        "gp3" => "General Purpose-GP3",
        "io1" => "Provisioned IOPS",
        "io2" => "Provisioned IOPS-IO2",
        "standard" => "Magnetic",
        _ => return None,
    })
}

fn deployment(az: &str) -> Option<&'static str> {
    match az {
        "single-az" => Some("Single-AZ"),
        "multi-az" => Some("Multi-AZ"),
        _ => None,
    }
}

/// The question for `key` in `region`, or `None` for keys AWS's price list
/// does not carry in one product (flat-rate plans, estimates of tfready's own).
pub fn query(key: &str, region: &str) -> Option<Query> {
    let q = |service_code, service, item: String, filters: Vec<(&'static str, String)>| Query {
        key: key.to_string(),
        region: region.to_string(),
        service_code,
        service,
        item,
        filters,
        usagetype_contains: None,
        aws_units: &["Hrs"],
        unit: Unit::Hour,
        scale: 1.0,
    };
    let rc = || ("regionCode", region.to_string());
    let parts: Vec<&str> = key.split('.').collect();
    let query = match parts.as_slice() {
        ["ec2", "instance", family, size] => {
            let ty = format!("{family}.{size}");
            q(
                "AmazonEC2",
                "ec2",
                format!("On-Demand Linux {ty} instance"),
                vec![
                    rc(),
                    ("instanceType", ty),
                    ("operatingSystem", "Linux".into()),
                    ("tenancy", "Shared".into()),
                    ("preInstalledSw", "NA".into()),
                    ("capacitystatus", "Used".into()),
                ],
            )
        }
        ["ebs", "volume", kind] => Query {
            // io2 storage is written `GB-month`.
            aws_units: &["GB-Mo", "GB-month"],
            unit: Unit::GbMonth,
            ..q(
                "AmazonEC2",
                "ebs",
                format!("EBS {kind} storage"),
                vec![
                    rc(),
                    ("productFamily", "Storage".into()),
                    ("volumeApiName", kind.to_string()),
                ],
            )
        },
        ["ebs", "volume", kind, "iops"] => Query {
            aws_units: &["IOPS-Mo"],
            unit: Unit::IopsMonth,
            usagetype_contains: Some("VolumeP-IOPS"),
            ..q(
                "AmazonEC2",
                "ebs",
                format!("EBS {kind} provisioned IOPS"),
                vec![
                    rc(),
                    ("productFamily", "System Operation".into()),
                    ("volumeApiName", kind.to_string()),
                ],
            )
        },
        ["ebs", "volume", kind, "throughput"] => Query {
            aws_units: &["GiBps-mo"],
            unit: Unit::MibpsMonth,
            // AWS prices GiB/s per month; tfready MiB/s.
            scale: 1.0 / 1024.0,
            usagetype_contains: Some("VolumeP-Throughput"),
            ..q(
                "AmazonEC2",
                "ebs",
                format!("EBS {kind} provisioned throughput"),
                vec![
                    rc(),
                    ("productFamily", "Provisioned Throughput".into()),
                    ("volumeApiName", kind.to_string()),
                ],
            )
        },
        ["ebs", "snapshot", "standard"] => Query {
            aws_units: &["GB-Mo"],
            unit: Unit::GbMonth,
            usagetype_contains: Some("EBS:SnapshotUsage"),
            ..q(
                "AmazonEC2",
                "ebs",
                "EBS snapshot storage".into(),
                vec![rc(), ("productFamily", "Storage Snapshot".into())],
            )
        },
        ["vpc", "nat-gateway", "hour"] => Query {
            usagetype_contains: Some("NatGateway-Hours"),
            ..q(
                "AmazonEC2",
                "vpc",
                "NAT gateway".into(),
                vec![rc(), ("productFamily", "NAT Gateway".into())],
            )
        },
        ["vpc", "nat-gateway", "data-processed"] => Query {
            usagetype_contains: Some("NatGateway-Bytes"),
            aws_units: &["GB"],
            unit: Unit::Gb,
            ..q(
                "AmazonEC2",
                "vpc",
                "NAT gateway data processed".into(),
                vec![rc(), ("productFamily", "NAT Gateway".into())],
            )
        },
        ["vpc", "public-ipv4", state] => Query {
            usagetype_contains: Some(if *state == "idle" {
                "PublicIPv4:IdleAddress"
            } else {
                "PublicIPv4:InUseAddress"
            }),
            ..q(
                "AmazonVPC",
                "vpc",
                format!("public IPv4 address ({state})"),
                vec![rc()],
            )
        },
        ["elb", "alb", what] => {
            let (usage, units, unit): (&'static str, &'static [&'static str], Unit) = match *what {
                "hour" => ("LoadBalancerUsage", &["Hrs"], Unit::Hour),
                "lcu" => ("LCUUsage", &["LCU-Hrs"], Unit::LcuHour),
                _ => return None,
            };
            Query {
                usagetype_contains: Some(usage),
                aws_units: units,
                unit,
                ..q(
                    "AWSELB",
                    "elb",
                    format!("Application Load Balancer {what}"),
                    vec![rc(), ("productFamily", "Load Balancer-Application".into())],
                )
            }
        }
        ["rds", "instance", engine, class @ ..] if class.len() >= 3 => {
            let az = class[class.len() - 1];
            let class = class[..class.len() - 1].join(".");
            let (db, edition) = rds_engine(engine)?;
            let mut filters = vec![
                rc(),
                ("instanceType", class.clone()),
                ("databaseEngine", db.to_string()),
                ("deploymentOption", deployment(az)?.to_string()),
            ];
            if let Some(e) = edition {
                filters.push(("databaseEdition", e.to_string()));
                filters.push(("licenseModel", "License included".to_string()));
            }
            q(
                "AmazonRDS",
                "rds",
                format!("{class} {engine} {az}"),
                filters,
            )
        }
        ["rds", "storage", kind, az] => Query {
            aws_units: &["GB-Mo"],
            unit: Unit::GbMonth,
            ..q(
                "AmazonRDS",
                "rds",
                format!("RDS {kind} storage {az}"),
                vec![
                    rc(),
                    ("productFamily", "Database Storage".into()),
                    ("databaseEngine", "Any".into()),
                    ("volumeType", rds_volume(kind)?.to_string()),
                    ("deploymentOption", deployment(az)?.to_string()),
                ],
            )
        },
        ["elasticache", "node", engine, class @ ..] if !class.is_empty() => {
            let node = class.join(".");
            let cache = match *engine {
                "redis" => "Redis",
                "valkey" => "Valkey",
                "memcached" => "Memcached",
                _ => return None,
            };
            q(
                "AmazonElastiCache",
                "elasticache",
                format!("{node} {engine} node"),
                vec![rc(), ("instanceType", node), ("cacheEngine", cache.into())],
            )
        }
        ["secretsmanager", "secret"] => Query {
            aws_units: &["Secrets"],
            unit: Unit::Month,
            usagetype_contains: Some("AWSSecretsManager-Secrets"),
            ..q(
                "AWSSecretsManager",
                "secretsmanager",
                "secret".into(),
                vec![rc()],
            )
        },
        ["kms", "key", "customer-managed"] => Query {
            aws_units: &["Keys"],
            unit: Unit::Month,
            usagetype_contains: Some("KMS-Keys"),
            ..q(
                "awskms",
                "kms",
                "customer managed key".into(),
                vec![rc(), ("productFamily", "Encryption Key".into())],
            )
        },
        ["cloudwatch", "alarm", "standard"] => Query {
            aws_units: &["Alarms"],
            unit: Unit::Month,
            usagetype_contains: Some("CW:AlarmMonitorUsage"),
            ..q(
                "AmazonCloudWatch",
                "cloudwatch",
                "standard alarm".into(),
                vec![
                    rc(),
                    ("productFamily", "Alarm".into()),
                    ("alarmType", "Standard".into()),
                ],
            )
        },
        ["cloudwatch", "dashboard"] => Query {
            aws_units: &["Dashboards"],
            unit: Unit::Month,
            // Dashboards are global: no region on the product.
            usagetype_contains: Some("DashboardsUsageHour"),
            ..q(
                "AmazonCloudWatch",
                "cloudwatch",
                "dashboard".into(),
                vec![("productFamily", "Dashboard".into())],
            )
        },
        ["cloudwatch", "metric", "custom"] => Query {
            aws_units: &["Metrics"],
            unit: Unit::Month,
            ..q(
                "AmazonCloudWatch",
                "cloudwatch",
                "custom metric".into(),
                vec![
                    rc(),
                    ("productFamily", "Metric".into()),
                    ("group", "Metric".into()),
                ],
            )
        },
        ["cloudwatch", "logs", "ingestion"] => Query {
            aws_units: &["GB"],
            unit: Unit::Gb,
            usagetype_contains: Some("DataProcessing-Bytes"),
            ..q(
                "AmazonCloudWatch",
                "cloudwatch",
                "log ingestion".into(),
                vec![rc(), ("productFamily", "Data Payload".into())],
            )
        },
        ["cloudwatch", "logs", "storage"] => Query {
            aws_units: &["GB-Mo"],
            unit: Unit::GbMonth,
            usagetype_contains: Some("TimedStorage-ByteHrs"),
            ..q(
                "AmazonCloudWatch",
                "cloudwatch",
                "log storage".into(),
                vec![rc(), ("productFamily", "Storage Snapshot".into())],
            )
        },
        ["route53", "hosted-zone"] => Query {
            aws_units: &["HostedZone"],
            unit: Unit::Month,
            ..q(
                "AmazonRoute53",
                "route53",
                "hosted zone".into(),
                vec![("usagetype", "HostedZone".into())],
            )
        },
        ["route53", "queries", "standard"] => Query {
            aws_units: &["Queries"],
            unit: Unit::RequestsMillion,
            scale: 1e6,
            ..q(
                "AmazonRoute53",
                "route53",
                "standard queries".into(),
                vec![("usagetype", "DNS-Queries".into())],
            )
        },
        ["s3", "standard", "storage"] => Query {
            aws_units: &["GB-Mo"],
            unit: Unit::GbMonth,
            usagetype_contains: Some("TimedStorage-ByteHrs"),
            ..q(
                "AmazonS3",
                "s3",
                "S3 Standard storage".into(),
                vec![
                    rc(),
                    ("productFamily", "Storage".into()),
                    ("volumeType", "Standard".into()),
                ],
            )
        },
        ["s3", "standard", what @ ("put-requests" | "get-requests")] => Query {
            aws_units: &["Requests"],
            unit: Unit::Requests1k,
            scale: 1e3,
            usagetype_contains: Some(if *what == "put-requests" {
                "Requests-Tier1"
            } else {
                "Requests-Tier2"
            }),
            ..q("AmazonS3", "s3", format!("S3 Standard {what}"), vec![rc()])
        },
        ["data-transfer", "internet-out"] => Query {
            aws_units: &["GB"],
            unit: Unit::Gb,
            ..q(
                "AWSDataTransfer",
                "data-transfer",
                "data transfer out to the internet".into(),
                vec![
                    ("fromRegionCode", region.to_string()),
                    ("transferType", "AWS Outbound".into()),
                ],
            )
        },
        // AWS's units for WAF vary by year: any unit is taken.
        ["waf", what @ ("web-acl" | "rule")] => Query {
            aws_units: &[],
            unit: Unit::Month,
            usagetype_contains: Some(if *what == "web-acl" {
                "-WebACLV2"
            } else {
                "-RuleV2"
            }),
            ..q("awswaf", "waf", format!("WAF {what}"), vec![rc()])
        },
        ["waf", "requests"] => Query {
            aws_units: &[],
            unit: Unit::RequestsMillion,
            scale: 1e6,
            usagetype_contains: Some("-RequestV2-Tier"),
            ..q("awswaf", "waf", "WAF requests".into(), vec![rc()])
        },
        _ => return None,
    };
    Some(query)
}

impl Query {
    /// Whether `product` is the one this query asks for.
    pub fn matches(&self, product: &Product) -> bool {
        product.service_code.eq_ignore_ascii_case(self.service_code)
            && self.filters.iter().all(|(name, value)| {
                product
                    .attributes
                    .get(&attr_key(name))
                    .is_some_and(|v| v.eq_ignore_ascii_case(value))
            })
            && self.usagetype_contains.is_none_or(|part| {
                product
                    .attribute("usagetype")
                    .is_some_and(|u| u.contains(part))
            })
    }

    /// The price among `products` (the first matching product, by SKU, that
    /// has a rate in the expected unit), with AWS's tiers and free allowance.
    pub fn price(&self, products: &[Product], source_note: &str, as_of: &str) -> Option<Price> {
        let mut matching: Vec<&Product> = products.iter().filter(|p| self.matches(p)).collect();
        matching.sort_by(|a, b| a.sku.cmp(&b.sku));
        let (product, dims) = matching.into_iter().find_map(|p| {
            let dims: Vec<_> = p
                .on_demand
                .iter()
                .filter(|d| {
                    self.aws_units.is_empty()
                        || self
                            .aws_units
                            .iter()
                            .any(|u| u.eq_ignore_ascii_case(&d.unit))
                })
                .collect();
            (!dims.is_empty()).then_some((p, dims))
        })?;
        let mut free_tier = None;
        let mut rest = dims.as_slice();
        if let [first, tail @ ..] = rest {
            if first.usd == 0.0 && first.end.is_some() && !tail.is_empty() {
                free_tier = Some(FreeTier {
                    quantity: first.end.unwrap_or(0.0),
                    unit: self.unit.base(),
                });
                rest = tail;
            }
        }
        let free = free_tier.map_or(0.0, |f| f.quantity);
        let tiers: Vec<Tier> = if rest.len() > 1 {
            rest.iter()
                .map(|d| Tier {
                    up_to: d.end.map(|e| e - free),
                    usd: d.usd * self.scale,
                })
                .collect()
        } else {
            Vec::new()
        };
        Some(Price {
            key: self.key.clone(),
            service: self.service.to_string(),
            item: self.item.clone(),
            region: self.region.clone(),
            unit: self.unit,
            usd: rest.first()?.usd * self.scale,
            source: offer_url(self.service_code, &self.region),
            as_of: as_of.to_string(),
            free_tier,
            tiers,
            note: Some(format!("{source_note}, SKU {}", product.sku)),
            verified_via: Vec::new(),
        })
    }

    /// The filters as the Price List API takes them.
    pub fn api_filters(&self) -> Vec<(String, String)> {
        self.filters
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_to_products() {
        let q = query("rds.instance.mysql.db.t3.medium.multi-az", "eu-central-1").unwrap();
        assert_eq!(q.service_code, "AmazonRDS");
        assert!(q
            .filters
            .contains(&("instanceType", "db.t3.medium".to_string())));
        assert!(q
            .filters
            .contains(&("deploymentOption", "Multi-AZ".to_string())));
        assert!(q.filters.contains(&("databaseEngine", "MySQL".to_string())));
        let q = query("ec2.instance.t3.large", "eu-central-1").unwrap();
        assert!(q
            .filters
            .contains(&("instanceType", "t3.large".to_string())));
        assert!(query("cloudfront.flat-rate.pro", "us-east-1").is_none());
        assert!(query("rds.instance.cobol.db.t3.medium.single-az", "us-east-1").is_none());
    }
}
