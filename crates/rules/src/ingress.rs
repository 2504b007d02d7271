//! Security group ingress in all its shapes: the one place tfready decides
//! what opens a port, read by the rules (ssh-open, app ports) and the fixers
//! that close them.

use tfready_model::ast::Attribute;
use tfready_model::{AttrRef, BlockRef, Project, ResourceRef, Value};

pub const WORLD_V4: &str = "0.0.0.0/0";
pub const WORLD_V6: &str = "::/0";

/// Ports that are not an application's own: SSH (its own rule) and the web
/// ports a public site or load balancer serves. Anything else open to the
/// world is an application port.
pub const NOT_APP_PORTS: &[f64] = &[22.0, 80.0, 443.0];

/// One ingress permission, whichever way it was written: an inline
/// `ingress` block (static or `dynamic`), an `aws_security_group_rule`, or
/// an `aws_vpc_security_group_ingress_rule`.
///
/// Kept for the whole rule pass (one per permission of a large project):
/// what can be derived from `block` is, on demand.
pub struct Ingress<'p> {
    pub block: BlockRef<'p>,
    pub from_port: Option<f64>,
    pub to_port: Option<f64>,
    /// `-1` / `all` means every port.
    pub all_ports: bool,
    /// ICMP (`icmp`, `icmpv6`, `1`, `58`): no ports; its `from_port` and
    /// `to_port` are an ICMP type and code.
    pub icmp: bool,
    /// The attributes holding sources, with their values.
    pub sources: Vec<(&'p Attribute, Value)>,
    /// For the attribute form of a security group (`ingress = [{ ... }]`):
    /// the index of the permission's object in the list, whose `block` is
    /// the group's body and whose source is the whole `ingress` attribute.
    pub element: Option<usize>,
}

impl<'p> Ingress<'p> {
    pub fn resource(&self) -> &ResourceRef<'p> {
        &self.block.res
    }

    pub fn description(&self) -> Option<String> {
        self.block
            .eval("description")
            .and_then(|v| v.as_string())
            .filter(|d| !d.trim().is_empty())
    }

    /// A source attribute as a view (location, origin, source text).
    pub fn attr(&self, attr: &'p Attribute) -> AttrRef<'p> {
        AttrRef {
            block: self.block.clone(),
            attr,
        }
    }

    /// Whether the permission covers `port`; `None` when the ports are unknown.
    pub fn covers(&self, port: f64) -> Option<bool> {
        if self.icmp {
            return Some(false);
        }
        if self.all_ports {
            return Some(true);
        }
        match (self.from_port, self.to_port) {
            (Some(f), Some(t)) => Some(f <= port && port <= t),
            _ => None,
        }
    }

    /// The sources open to the whole internet: (attribute, CIDR).
    pub fn world_sources(&self) -> Vec<(AttrRef<'p>, &'static str)> {
        let mut out = Vec::new();
        for (attr, v) in &self.sources {
            for w in [WORLD_V4, WORLD_V6] {
                if contains_cidr(v, w) {
                    out.push((self.attr(attr), w));
                }
            }
        }
        out
    }

    /// Ports as written, for messages: `22`, `0-65535`, `all`.
    pub fn ports(&self) -> String {
        if self.icmp {
            return "ICMP".into();
        }
        if self.all_ports {
            return "all ports".into();
        }
        match (self.from_port, self.to_port) {
            (Some(f), Some(t)) if f == t => format!("port {f}"),
            (Some(f), Some(t)) => format!("ports {f}-{t}"),
            _ => "ports (unknown)".into(),
        }
    }
}

fn contains_cidr(v: &Value, cidr: &str) -> bool {
    match v.unmark().0 {
        Value::String(s) => s.trim() == cidr,
        Value::List(items) => items.iter().any(|i| contains_cidr(i, cidr)),
        _ => false,
    }
}

fn protocol_all(v: &Option<Value>) -> bool {
    matches!(
        v.as_ref().and_then(|v| v.as_string()).as_deref(),
        Some("-1") | Some("all")
    )
}

fn protocol_icmp(v: &Option<Value>) -> bool {
    let protocol = v.as_ref().and_then(|v| v.as_string());
    matches!(
        protocol.map(|p| p.to_ascii_lowercase()).as_deref(),
        Some("icmp" | "icmpv6" | "1" | "58")
    )
}

/// Every ingress permission in the project that may exist, in all four
/// forms: inline blocks, the `ingress = [{...}]` attribute form, and the two
/// rule resources. The one place tfready decides what opens a port.
pub fn ingress_permissions(project: &Project) -> Vec<Ingress<'_>> {
    let mut out = Vec::new();
    let types = [
        "aws_security_group",
        "aws_security_group_rule",
        "aws_vpc_security_group_ingress_rule",
    ];
    for r in types.iter().flat_map(|ty| project.resources_of(ty)) {
        // Standalone rules are often written once with for_each over ports.
        for body in r.expanded() {
            match r.resource.ty.as_str() {
                "aws_security_group" => {
                    for b in body.blocks("ingress") {
                        out.push(ingress_of(b, &["cidr_blocks", "ipv6_cidr_blocks"]));
                    }
                    out.extend(ingress_list(&body));
                }
                "aws_security_group_rule"
                    if body.eval("type").and_then(|v| v.as_string()).as_deref()
                        == Some("ingress") =>
                {
                    out.push(ingress_of(body, &["cidr_blocks", "ipv6_cidr_blocks"]));
                }
                "aws_vpc_security_group_ingress_rule" => {
                    let protocol = body.eval("ip_protocol");
                    let mut i = ingress_of(body, &["cidr_ipv4", "cidr_ipv6"]);
                    i.all_ports |= protocol_all(&protocol);
                    i.icmp |= protocol_icmp(&protocol);
                    out.push(i);
                }
                _ => {}
            }
        }
    }
    out
}

/// The attribute form: `ingress = [{ from_port = 22, ... }, ...]`.
fn ingress_list<'p>(sg: &BlockRef<'p>) -> Vec<Ingress<'p>> {
    let Some(attr) = sg.attr("ingress") else {
        return Vec::new();
    };
    let Value::List(items) = attr.value().unmark_owned().0 else {
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let field = |k: &str| item.as_map().and_then(|m| m.get(k).cloned());
            let sources = ["cidr_blocks", "ipv6_cidr_blocks"]
                .iter()
                .filter_map(|k| field(k))
                .map(|v| (attr.attr, v))
                .collect();
            Ingress {
                block: sg.clone(),
                from_port: field("from_port").and_then(|v| v.as_f64()),
                to_port: field("to_port").and_then(|v| v.as_f64()),
                all_ports: protocol_all(&field("protocol")),
                icmp: protocol_icmp(&field("protocol")),
                sources,
                element: Some(i),
            }
        })
        .collect()
}

fn ingress_of<'p>(b: BlockRef<'p>, source_attrs: &[&str]) -> Ingress<'p> {
    let from_port = b.eval("from_port").and_then(|v| v.as_f64());
    let to_port = b.eval("to_port").and_then(|v| v.as_f64());
    let sources = source_attrs
        .iter()
        .filter_map(|n| b.attr(n))
        .map(|a| {
            let v = a.value();
            (a.attr, v)
        })
        .collect();
    let protocol = b.eval("protocol");
    Ingress {
        all_ports: protocol_all(&protocol),
        icmp: protocol_icmp(&protocol),
        from_port,
        to_port,
        sources,
        block: b,
        element: None,
    }
}
