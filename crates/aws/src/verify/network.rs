//! Network: security groups open to the world, VPC flow logs.

use aws_sdk_ec2::types::{Filter, IpPermission};

use super::{skip, Outcome, Resolved, Status, VerifyTarget};
use crate::client::Aws;
use crate::error::{AwsError, ErrorKind};

pub(crate) async fn resolve_vpc(aws: &Aws, vpc: &str) -> Result<String, AwsError> {
    let ec2 = aws_sdk_ec2::Client::new(&aws.config);
    let filter = if vpc.starts_with("vpc-") {
        Filter::builder().name("vpc-id").values(vpc).build()
    } else {
        Filter::builder().name("tag:Name").values(vpc).build()
    };
    let target = format!("VPC {vpc}");
    let out = ec2
        .describe_vpcs()
        .filters(filter)
        .send()
        .await
        .map_err(|e| aws.ctx.error("ec2:DescribeVpcs", &target, &e))?;
    let ids: Vec<String> = out
        .vpcs()
        .iter()
        .filter_map(|v| v.vpc_id().map(str::to_string))
        .collect();
    match ids.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(AwsError {
            kind: ErrorKind::Service,
            call: "ec2:DescribeVpcs",
            target,
            code: None,
            detail: format!("no VPC {vpc} in {}", aws.region),
            hint: "give the VPC id (vpc-...) or its exact Name tag, and check the region".into(),
        }),
        many => Err(AwsError {
            kind: ErrorKind::Invalid,
            call: "ec2:DescribeVpcs",
            target,
            code: None,
            detail: format!("several VPCs are named {vpc}: {}", many.join(", ")),
            hint: "give the VPC id instead".into(),
        }),
    }
}

fn vpc_of(r: &Resolved) -> Result<Option<&String>, AwsError> {
    match &r.vpc {
        None => Ok(None),
        Some(Ok(v)) => Ok(Some(v)),
        Some(Err(e)) => Err(e.clone()),
    }
}

/// What a rule opens to the world beyond `allowed` ports, if anything:
/// `tcp 22`, `all traffic`, `tcp 0-65535`.
pub(crate) fn world_exposure(p: &IpPermission, allowed: &[u16]) -> Option<String> {
    let v4 = p
        .ip_ranges()
        .iter()
        .any(|r| r.cidr_ip() == Some("0.0.0.0/0"));
    let v6 = p
        .ipv6_ranges()
        .iter()
        .any(|r| r.cidr_ipv6() == Some("::/0"));
    if !v4 && !v6 {
        return None;
    }
    let from = match (v4, v6) {
        (true, true) => "0.0.0.0/0 and ::/0",
        (true, false) => "0.0.0.0/0",
        _ => "::/0",
    };
    let proto = p.ip_protocol().unwrap_or("-1");
    let proto_name = match proto {
        "6" => "tcp",
        "17" => "udp",
        "1" => "icmp",
        "58" => "icmpv6",
        other => other,
    };
    match proto_name {
        "-1" | "all" => Some(format!("all traffic from {from}")),
        "icmp" | "icmpv6" => None,
        _ => {
            let lo = p.from_port().unwrap_or(0).clamp(0, 65535) as u32;
            let hi = p.to_port().unwrap_or(65535).clamp(0, 65535) as u32;
            let (lo, hi) = if hi < lo { (lo, lo) } else { (lo, hi) };
            let only_allowed = (lo..=hi).all(|port| allowed.contains(&(port as u16)));
            if only_allowed {
                None
            } else if lo == hi {
                Some(format!("{proto_name} {lo} from {from}"))
            } else {
                Some(format!("{proto_name} {lo}-{hi} from {from}"))
            }
        }
    }
}

pub(crate) async fn security_groups(aws: &Aws, target: &VerifyTarget, r: &Resolved) -> Outcome {
    let Some(vpc) = vpc_of(r)? else {
        return skip("no VPC given (id or Name tag)");
    };
    let allowed = target.public_ports();
    let ec2 = aws_sdk_ec2::Client::new(&aws.config);
    let mut offenders = Vec::new();
    let mut count = 0;
    let mut token: Option<String> = None;
    loop {
        let page = ec2
            .describe_security_groups()
            .filters(Filter::builder().name("vpc-id").values(vpc).build())
            .set_next_token(token.clone())
            .send()
            .await
            .map_err(|e| {
                aws.ctx
                    .error("ec2:DescribeSecurityGroups", &format!("VPC {vpc}"), &e)
            })?;
        for g in page.security_groups() {
            count += 1;
            let id = g.group_id().unwrap_or("?");
            let name = g.group_name().unwrap_or("?");
            for p in g.ip_permissions() {
                if let Some(what) = world_exposure(p, &allowed) {
                    offenders.push(format!("{id} ({name}) allows {what}"));
                }
            }
        }
        match page.next_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_string()),
            _ => break,
        }
    }
    let ports = allowed
        .iter()
        .map(u16::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    if offenders.is_empty() {
        Ok((
            Status::Pass,
            vec![format!(
                "{count} security groups in {vpc}; open to the world only on ports {ports} (if at all)"
            )],
        ))
    } else {
        let mut evidence = vec![format!(
            "{count} security groups in {vpc}; world-open ports other than {ports}:"
        )];
        evidence.extend(offenders);
        Ok((Status::Fail, evidence))
    }
}

pub(crate) async fn flow_logs(aws: &Aws, r: &Resolved) -> Outcome {
    let Some(vpc) = vpc_of(r)? else {
        return skip("no VPC given (id or Name tag)");
    };
    let ec2 = aws_sdk_ec2::Client::new(&aws.config);
    let out = ec2
        .describe_flow_logs()
        .filter(Filter::builder().name("resource-id").values(vpc).build())
        .send()
        .await
        .map_err(|e| {
            aws.ctx
                .error("ec2:DescribeFlowLogs", &format!("VPC {vpc}"), &e)
        })?;
    let mut active = false;
    let mut evidence = Vec::new();
    for f in out.flow_logs() {
        let status = f.flow_log_status().unwrap_or("?");
        if status.eq_ignore_ascii_case("ACTIVE") {
            active = true;
        }
        evidence.push(format!(
            "flow log {} on {vpc}: {status}, {} traffic to {}",
            f.flow_log_id().unwrap_or("?"),
            f.traffic_type().map(|t| t.as_str()).unwrap_or("?"),
            f.log_destination().or(f.log_group_name()).unwrap_or("?")
        ));
    }
    if evidence.is_empty() {
        evidence.push(format!("no flow log on {vpc}"));
    }
    Ok((if active { Status::Pass } else { Status::Fail }, evidence))
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_ec2::types::{IpRange, Ipv6Range};

    fn rule(proto: &str, from: i32, to: i32, cidr: &str) -> IpPermission {
        let b = IpPermission::builder()
            .ip_protocol(proto)
            .from_port(from)
            .to_port(to);
        if cidr.contains(':') {
            b.ipv6_ranges(Ipv6Range::builder().cidr_ipv6(cidr).build())
                .build()
        } else {
            b.ip_ranges(IpRange::builder().cidr_ip(cidr).build())
                .build()
        }
    }

    #[test]
    fn exposure() {
        let allowed = [80, 443];
        assert_eq!(
            world_exposure(&rule("tcp", 443, 443, "0.0.0.0/0"), &allowed),
            None
        );
        assert_eq!(
            world_exposure(&rule("tcp", 22, 22, "0.0.0.0/0"), &allowed).as_deref(),
            Some("tcp 22 from 0.0.0.0/0")
        );
        assert_eq!(
            world_exposure(&rule("tcp", 80, 443, "::/0"), &allowed).as_deref(),
            Some("tcp 80-443 from ::/0")
        );
        assert_eq!(
            world_exposure(&rule("tcp", 22, 22, "10.0.0.0/8"), &allowed),
            None
        );
        assert_eq!(
            world_exposure(&rule("-1", -1, -1, "0.0.0.0/0"), &allowed).as_deref(),
            Some("all traffic from 0.0.0.0/0")
        );
        assert_eq!(
            world_exposure(&rule("icmp", -1, -1, "0.0.0.0/0"), &allowed),
            None
        );
    }
}
