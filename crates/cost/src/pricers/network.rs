//! Pricers: Load balancers, NAT gateways and VPC endpoints.

use super::*;

pub(super) fn load_balancer(est: &mut Estimator<'_>, r: &ResourceRef<'_>, d: &mut Draft, n: f64) {
    let kind = match string(&r.body(), "load_balancer_type") {
        Got::Set(k) => k,
        Got::Unset => "application".to_string(),
        Got::Unknown(src) => {
            d.unknown(format!("load_balancer_type `{src}` is known only at apply"));
            return;
        }
    };
    if kind != "application" {
        d.unknown(format!("{kind} load balancers are not in the price list"));
        return;
    }
    est.charge(
        d,
        "elb.alb.hour",
        "Application Load Balancer",
        n * 730.0,
        Some(times(n, "730 h".to_string())),
        None,
    );
    let lcu = est.usage(d, "lcu_per_hour");
    est.charge(
        d,
        "elb.alb.lcu",
        "load balancer capacity units",
        lcu.value * 730.0 * n,
        Some(times(n, format!("{} LCU × 730 h", number(lcu.value)))),
        Some(lcu),
    );
}

pub(super) fn nat_gateway(est: &mut Estimator<'_>, r: &ResourceRef<'_>, d: &mut Draft, n: f64) {
    est.charge(
        d,
        "vpc.nat-gateway.hour",
        "NAT gateway",
        n * 730.0,
        Some(times(n, "730 h".to_string())),
        None,
    );
    let gb = est.usage(d, "data_processed_gb");
    est.charge(
        d,
        "vpc.nat-gateway.data-processed",
        "data processed",
        gb.value * n,
        None,
        Some(gb),
    );
    if !matches!(string(&r.body(), "connectivity_type"), Got::Set(t) if t == "private") {
        d.assume("its public IPv4 address is priced on its aws_eip line");
    }
}

pub(super) fn vpc_endpoint(r: &ResourceRef<'_>, d: &mut Draft) {
    match string(&r.body(), "vpc_endpoint_type") {
        Got::Set(t) if t == "Gateway" => {
            d.free = Some("gateway endpoints (S3, DynamoDB) are free".to_string());
        }
        Got::Unset => {
            d.free = Some("gateway endpoints (the default type) are free".to_string());
        }
        _ => {
            d.unknown("interface endpoints are not in the price list".into());
        }
    }
}
