//! Pricers: Load balancers, NAT gateways and VPC endpoints.

use super::*;

pub(super) fn load_balancer(
    est: &mut Estimator<'_>,
    r: &ResourceRef<'_>,
    draft: &mut Draft,
    copies: f64,
) {
    let kind = match string(&r.body(), "load_balancer_type") {
        Setting::Set(k) => k,
        Setting::Unset => "application".to_string(),
        Setting::Unknown(src) => {
            draft.unknown(format!("load_balancer_type `{src}` is known only at apply"));
            return;
        }
    };
    if kind != "application" {
        draft.unknown(format!("{kind} load balancers are not in the price list"));
        return;
    }
    est.charge(
        draft,
        "elb.alb.hour",
        "Application Load Balancer",
        copies * 730.0,
        Some(times(copies, "730 h".to_string())),
        None,
    );
    let lcu = est.usage(draft, "lcu_per_hour");
    est.charge(
        draft,
        "elb.alb.lcu",
        "load balancer capacity units",
        lcu.value * 730.0 * copies,
        Some(times(copies, format!("{} LCU × 730 h", number(lcu.value)))),
        Some(lcu),
    );
}

pub(super) fn nat_gateway(
    est: &mut Estimator<'_>,
    r: &ResourceRef<'_>,
    draft: &mut Draft,
    copies: f64,
) {
    est.charge(
        draft,
        "vpc.nat-gateway.hour",
        "NAT gateway",
        copies * 730.0,
        Some(times(copies, "730 h".to_string())),
        None,
    );
    est.charge_usage(
        draft,
        "data_processed_gb",
        "vpc.nat-gateway.data-processed",
        "data processed",
        copies,
    );
    if !matches!(string(&r.body(), "connectivity_type"), Setting::Set(t) if t == "private") {
        draft.assume("its public IPv4 address is priced on its aws_eip line");
    }
}

pub(super) fn vpc_endpoint(r: &ResourceRef<'_>, draft: &mut Draft) {
    match string(&r.body(), "vpc_endpoint_type") {
        Setting::Set(t) if t == "Gateway" => {
            draft.free = Some("gateway endpoints (S3, DynamoDB) are free".to_string());
        }
        Setting::Unset => {
            draft.free = Some("gateway endpoints (the default type) are free".to_string());
        }
        _ => {
            draft.unknown("interface endpoints are not in the price list".into());
        }
    }
}
