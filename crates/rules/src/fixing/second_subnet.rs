//! An Application Load Balancer needs subnets in two Availability Zones. A
//! stack with one public subnet gets a second beside it: the same VPC, the
//! same route table, a free block of the VPC's range of the same size (from
//! the ranges the stack declares, all known), and another zone. Any value
//! that cannot be known offline and the subnet is not written.

use std::net::Ipv4Addr;

use crate::fixing::prelude::*;
use tfready_model::{Presence, ResourceRef};

/// Public subnet instances the stack has (`None` when a count is unknown).
pub(crate) fn public_subnet_count(cx: &FixCx<'_>) -> Option<usize> {
    let mut n = 0;
    for s in cx
        .project
        .resources_of("aws_subnet")
        .filter(|s| s.presence() != Presence::No && crate::fixing::wiring::is_public_subnet(s))
    {
        n += s.count()?;
    }
    Some(n)
}

fn parse_cidr(s: &str) -> Option<(u32, u8)> {
    let (ip, len) = s.split_once('/')?;
    let ip: Ipv4Addr = ip.parse().ok()?;
    let len: u8 = len.parse().ok().filter(|l| *l <= 32)?;
    let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
    Some((u32::from(ip) & mask, len))
}

fn overlaps(a: (u32, u8), b: (u32, u8)) -> bool {
    let len = a.1.min(b.1);
    let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
    a.0 & mask == b.0 & mask
}

/// The first block of `len` bits inside `vpc` that overlaps none of `used`:
/// (new bits, network number), as `cidrsubnet` takes them.
fn free_block(vpc: (u32, u8), len: u8, used: &[(u32, u8)]) -> Option<(u8, u64)> {
    if len < vpc.1 || len > 28 {
        return None;
    }
    let step = 1u64 << (32 - len);
    let size = 1u64 << (32 - vpc.1);
    (0..size / step)
        .find(|i| {
            let start = (vpc.0 as u64 + i * step) as u32;
            !used.iter().any(|u| overlaps((start, len), *u))
        })
        .map(|i| (len - vpc.1, i))
}

/// Adds the second subnet; returns its id as a root expression.
pub(crate) fn add_second_subnet(cx: &mut FixCx<'_>) -> Option<String> {
    let subnet: ResourceRef<'_> = cx
        .project
        .resources_of("aws_subnet")
        .find(|s| s.presence() != Presence::No && crate::fixing::wiring::is_public_subnet(s))?;
    // In the root only: a subnet inside a module would need new outputs
    // and inputs through it.
    if !subnet.module().dir.is_empty()
        || subnet.resource.block.body.has_attribute("count")
        || subnet.resource.block.body.has_attribute("for_each")
    {
        return None;
    }
    let cidr = parse_cidr(&subnet.eval("cidr_block")?.as_string()?)?;
    let vpc_attr = subnet.attr("vpc_id")?;
    let vpc_text = vpc_attr.source_text().trim().to_string();
    let vpc = cx
        .project
        .origins(subnet.instance.id, vpc_attr.expr())
        .into_iter()
        .find(|o| o.ty == "aws_vpc")
        .and_then(|o| {
            cx.project
                .resources_of("aws_vpc")
                .find(|v| v.instance.id == o.instance && v.resource.name == o.name)
        })?;
    if vpc.resource.block.body.has_attribute("count")
        || vpc.resource.block.body.has_attribute("for_each")
    {
        return None;
    }
    let vpc_addr = vpc.resource.address();
    let vpc_cidr = parse_cidr(&vpc.eval("cidr_block")?.as_string()?)?;
    // Every range of the VPC, as the stack declares them (all known).
    let mut used = Vec::new();
    for s in cx.project.resources_of("aws_subnet") {
        for body in s.expanded() {
            let c = body.eval("cidr_block")?.as_string()?;
            used.push(parse_cidr(&c)?);
        }
    }
    let (newbits, netnum) = free_block(vpc_cidr, cidr.1, &used)?;
    // Relative to the VPC's own range, so each environment's VPC gets its own.
    let block = format!("cidrsubnet({vpc_addr}.cidr_block, {newbits}, {netnum})");
    let name = format!("{}_second_az", subnet.resource.name);
    let addr = format!("aws_subnet.{}", subnet.resource.name);
    let file = cx.file_of(&subnet);
    if cx.ws.read(&file).contains(&format!("\"{name}\"")) {
        return Some(format!("aws_subnet.{name}.id"));
    }
    let public_ip = subnet
        .attr("map_public_ip_on_launch")
        .map(|a| format!("  map_public_ip_on_launch = {}\n", a.source_text().trim()))
        .unwrap_or_default();
    let tags = subnet
        .attr("tags")
        .map(|a| format!("  tags                    = {}\n", a.source_text().trim()))
        .unwrap_or_default();
    let route_table = cx
        .project
        .resources_of("aws_route_table_association")
        .find(|a| {
            a.attr("subnet_id")
                .is_some_and(|s| s.source_text().trim() == format!("{addr}.id"))
        })
        .and_then(|a| {
            a.attr("route_table_id")
                .map(|r| r.source_text().trim().to_string())
        });
    let mut s = format!(
        "\n# Added by `tfready fix`: a load balancer needs subnets in two Availability\n# Zones; this one mirrors {addr} in another zone, on a free block of the VPC.\ndata \"aws_availability_zones\" \"{name}\" {{\n  state = \"available\"\n}}\n\nresource \"aws_subnet\" \"{name}\" {{\n  vpc_id                  = {vpc_text}\n  cidr_block              = {block}\n  availability_zone       = [for z in data.aws_availability_zones.{name}.names : z if z != {addr}.availability_zone][0]\n{public_ip}{tags}}}\n"
    );
    if let Some(rt) = route_table {
        s.push_str(&format!(
            "\nresource \"aws_route_table_association\" \"{name}\" {{\n  subnet_id      = aws_subnet.{name}.id\n  route_table_id = {rt}\n}}\n"
        ));
    }
    cx.ws.append(&file, &s);
    cx.done.push(format!(
        "{file}: aws_subnet.{name} ({block}) added beside {addr} in another zone: a load balancer needs two"
    ));
    Some(format!("aws_subnet.{name}.id"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_blocks() {
        let vpc = parse_cidr("10.60.0.0/16").unwrap();
        let used = [
            parse_cidr("10.60.0.0/24").unwrap(),
            parse_cidr("10.60.1.0/24").unwrap(),
        ];
        assert_eq!(free_block(vpc, 24, &used), Some((8, 2)));
        let used = [parse_cidr("10.60.0.0/17").unwrap()];
        assert_eq!(free_block(vpc, 24, &used), Some((8, 128)));
        let full = [parse_cidr("10.60.0.0/16").unwrap()];
        assert_eq!(free_block(vpc, 24, &full), None);
    }
}
