//! Pricers: EC2 instances, EBS volumes, Elastic IPs and Auto Scaling groups.

use super::*;

pub(super) struct Volume {
    kind: String,
    size_gb: f64,
    iops: Option<f64>,
    throughput: Option<f64>,
}

/// Reads a volume block (`root_block_device`, `ebs_block_device`, launch template `ebs`).
pub(super) fn volume_of(
    b: &BlockRef<'_>,
    draft: &mut Draft,
    size_attr: &str,
    label: &str,
    root: bool,
) -> Option<Volume> {
    let size = match num(b, size_attr) {
        Setting::Set(s) => s,
        Setting::Unset if root => {
            draft.assume(format!(
                "{label}: size not set, the AMI's default assumed: 8 GB (AMI-agnostic default; many AMIs use 8 GB)"
            ));
            8.0
        }
        Setting::Unset => {
            draft.assume(format!(
                "{label}: size not set (from a snapshot): not priced"
            ));
            return None;
        }
        Setting::Unknown(src) => {
            draft.unknown(format!("{label}: size `{src}` is known only at apply"));
            return None;
        }
    };
    let kind = match string(b, "volume_type") {
        Setting::Set(t) => t,
        Setting::Unset => {
            draft.assume(format!(
                "{label}: volume_type not set: gp2 assumed (the AMI's block device mapping decides)"
            ));
            "gp2".to_string()
        }
        Setting::Unknown(src) => {
            draft.unknown(format!(
                "{label}: volume_type `{src}` is known only at apply"
            ));
            return None;
        }
    };
    Some(Volume {
        kind,
        size_gb: size,
        iops: num(b, "iops").known(),
        throughput: num(b, "throughput").known(),
    })
}

/// Charges one kind of EBS volume, `copies` of them.
pub(super) fn charge_volume(
    est: &mut Estimator<'_>,
    draft: &mut Draft,
    label: &str,
    v: &Volume,
    copies: f64,
) {
    let kind = v.kind.as_str();
    est.charge(
        draft,
        &format!("ebs.volume.{kind}"),
        format!("{label} ({kind})"),
        v.size_gb * copies,
        Some(times(copies, format!("{} GB", number(v.size_gb)))),
        None,
    );
    match kind {
        "gp3" => {
            // The price's free tier is the baseline every volume includes.
            if let Some(iops) = v.iops.filter(|i| *i > 3000.0) {
                est.charge_each(
                    draft,
                    "ebs.volume.gp3.iops",
                    format!("{label} IOPS above the 3,000 baseline"),
                    iops,
                    copies,
                    Some(times(copies, format!("{} IOPS", number(iops)))),
                );
            }
            if let Some(tp) = v.throughput.filter(|t| *t > 125.0) {
                est.charge_each(
                    draft,
                    "ebs.volume.gp3.throughput",
                    format!("{label} throughput above the 125 MiB/s baseline"),
                    tp,
                    copies,
                    Some(times(copies, format!("{} MiB/s", number(tp)))),
                );
            }
        }
        "io1" => {
            if let Some(iops) = v.iops {
                est.charge(
                    draft,
                    "ebs.volume.io1.iops",
                    format!("{label} provisioned IOPS"),
                    iops * copies,
                    Some(times(copies, format!("{} IOPS", number(iops)))),
                    None,
                );
            }
        }
        _ => {}
    }
}

pub(super) fn instance(
    est: &mut Estimator<'_>,
    context: &Context,
    r: &ResourceRef<'_>,
    draft: &mut Draft,
    copies: f64,
) {
    let body = r.body();
    let hours = est.usage(draft, "monthly_hours");
    // An instance launched from a template takes what it does not set from it.
    let template = launch_template_names(&body)
        .first()
        .and_then(|name| sibling(r, "aws_launch_template", name));
    let mut instance_type = string(&body, "instance_type");
    if let (Setting::Unset, Some(t)) = (&instance_type, &template) {
        instance_type = string(&t.body(), "instance_type");
        draft.assume(format!("instance type from {}", t.resource.address()));
    }
    match instance_type {
        Setting::Set(ty) => {
            est.charge(
                draft,
                &format!("ec2.instance.{ty}"),
                format!("{ty} instance"),
                copies * hours.value,
                Some(times(copies, format!("{} h", number(hours.value)))),
                Some(hours),
            );
            if ty.starts_with("t3") || ty.starts_with("t4g") || ty.starts_with("t3a") {
                draft.assume("burstable: CPU above the baseline under unlimited credits (the T3/T4g default) is extra, not modelled");
            }
        }
        Setting::Unset if template.is_some() => {
            draft.unknown("neither the instance nor its launch template sets instance_type".into())
        }
        Setting::Unset => draft.unknown("instance_type is not set".to_string()),
        Setting::Unknown(src) => {
            draft.unknown(format!("instance_type `{src}` is known only at apply"))
        }
    }
    match (body.blocks("root_block_device").first(), &template) {
        (Some(root), _) => {
            if let Some(v) = volume_of(root, draft, "volume_size", "root volume", true) {
                charge_volume(est, draft, "root volume", &v, copies);
            }
        }
        (None, Some(t)) => template_volumes(est, draft, &t.body(), copies),
        (None, None) => {
            draft.assume("no root_block_device: the AMI's root volume assumed, 8 GB gp2 (AMI-agnostic default)");
            let v = Volume {
                kind: "gp2".into(),
                size_gb: 8.0,
                iops: None,
                throughput: None,
            };
            charge_volume(est, draft, "root volume", &v, copies);
        }
    }
    for (i, block) in body.blocks("ebs_block_device").iter().enumerate() {
        let label = format!("EBS volume {}", i + 1);
        if let Some(v) = volume_of(block, draft, "volume_size", &label, false) {
            charge_volume(est, draft, &label, &v, copies);
        }
    }
    let has_eip = context
        .eip_instances
        .contains(&(r.instance.id, r.resource.name.clone()));
    match boolean(&body, "associate_public_ip_address") {
        Setting::Set(true) if !has_eip => {
            est.charge(
                draft,
                "vpc.public-ipv4.in-use",
                "public IPv4 address",
                copies * 730.0,
                Some(times(copies, "730 h".to_string())),
                None,
            );
        }
        _ if has_eip => draft.assume(
            "its public IPv4 address is the Elastic IP, priced on the aws_eip line",
        ),
        Setting::Unset => draft.assume(
            "no public IPv4 charged: associate_public_ip_address not set (a subnet with map_public_ip_on_launch would add $3.65/month)",
        ),
        _ => {}
    }
    if matches!(boolean(&body, "monitoring"), Setting::Set(true)) {
        draft.assume("detailed monitoring: 7 EC2 metrics at the custom-metric rate");
        est.charge(
            draft,
            "cloudwatch.metric.custom",
            "detailed monitoring metrics",
            7.0 * copies,
            Some(times(copies, "7 metrics".to_string())),
            None,
        );
    }
}

/// The `aws_launch_template` names a resource's `launch_template { id/name }`
/// blocks refer to.
pub(super) fn launch_template_names(body: &BlockRef<'_>) -> Vec<String> {
    let mut names = Vec::new();
    for b in body.blocks("launch_template") {
        for attr in ["id", "name"] {
            if let Some(a) = b.attr(attr) {
                names.extend(names_of(a.expr(), "aws_launch_template"));
            }
        }
    }
    names
}

/// Charges the volumes a launch template maps, for `instances` instances:
/// the AMI's root volume (8 GB gp2) when it maps none.
pub(super) fn template_volumes(
    est: &mut Estimator<'_>,
    draft: &mut Draft,
    tb: &BlockRef<'_>,
    instances: f64,
) {
    let mappings = tb.blocks("block_device_mappings");
    let mut priced_root = false;
    for (i, mapping) in mappings.iter().enumerate() {
        for ebs in mapping.blocks("ebs") {
            let label = if i == 0 {
                "root volume".to_string()
            } else {
                format!("volume {}", i + 1)
            };
            if let Some(v) = volume_of(&ebs, draft, "volume_size", &label, i == 0) {
                charge_volume(est, draft, &label, &v, instances);
                priced_root |= i == 0;
            }
        }
    }
    if mappings.is_empty() {
        draft
            .assume("the launch template maps no volumes: the AMI's root volume assumed, 8 GB gp2");
        let v = Volume {
            kind: "gp2".into(),
            size_gb: 8.0,
            iops: None,
            throughput: None,
        };
        charge_volume(est, draft, "root volume", &v, instances);
    } else if !priced_root {
        draft.assume("the root volume mapping could not be priced");
    }
}

pub(super) fn ebs_volume(
    est: &mut Estimator<'_>,
    r: &ResourceRef<'_>,
    draft: &mut Draft,
    copies: f64,
) {
    let body = r.body();
    let kind = match string(&body, "type") {
        Setting::Set(t) => t,
        Setting::Unset => {
            draft.assume("type not set: gp3 (the provider's default for new volumes is decided by AWS; gp2 was the old default)");
            "gp3".to_string()
        }
        Setting::Unknown(src) => {
            draft.unknown(format!("type `{src}` is known only at apply"));
            return;
        }
    };
    let size = match num(&body, "size") {
        Setting::Set(s) => s,
        other => {
            let why = match other {
                Setting::Unknown(src) => format!("size `{src}` is known only at apply"),
                _ => "size not set (the snapshot decides it)".to_string(),
            };
            draft.unknown(why);
            return;
        }
    };
    let v = Volume {
        kind,
        size_gb: size,
        iops: num(&body, "iops").known(),
        throughput: num(&body, "throughput").known(),
    };
    charge_volume(est, draft, "volume", &v, copies);
}

pub(super) fn eip(est: &mut Estimator<'_>, r: &ResourceRef<'_>, draft: &mut Draft, copies: f64) {
    if r.attr("instance").is_some() {
        draft.assume(
            "attached to an instance: billed as an in-use public IPv4 address since 2024-02-01",
        );
    } else {
        draft.assume("public IPv4 addresses cost the same attached or idle since 2024-02-01");
    }
    est.charge(
        draft,
        "vpc.public-ipv4.in-use",
        "public IPv4 address",
        copies * 730.0,
        Some(times(copies, "730 h".to_string())),
        None,
    );
}

pub(super) fn autoscaling_group(
    est: &mut Estimator<'_>,
    r: &ResourceRef<'_>,
    draft: &mut Draft,
    copies: f64,
) {
    let body = r.body();
    let capacity = match num(&body, "desired_capacity") {
        Setting::Set(c) => {
            draft.assume(format!(
                "desired_capacity {} instances run all month",
                number(c)
            ));
            Some(c)
        }
        _ => match num(&body, "min_size") {
            Setting::Set(c) => {
                draft.assume(format!(
                    "desired_capacity not set: min_size {} instances run all month",
                    number(c)
                ));
                Some(c)
            }
            Setting::Unknown(src) => {
                draft.unknown(format!("min_size `{src}` is known only at apply"));
                None
            }
            Setting::Unset => {
                draft.unknown("neither desired_capacity nor min_size is set".into());
                None
            }
        },
    };
    let Some(capacity) = capacity else { return };
    let instances = capacity * copies;
    if instances == 0.0 {
        draft.assume("no instances at rest (capacity 0)");
        return;
    }
    // The launch template: `launch_template { id/name = aws_launch_template.X... }`, or inside a
    // mixed instances policy.
    let mut template_names = launch_template_names(&body);
    let mut override_type = None;
    for policy in body.blocks("mixed_instances_policy") {
        for lt in policy.blocks("launch_template") {
            for spec in lt.blocks("launch_template_specification") {
                for attr in ["launch_template_id", "launch_template_name"] {
                    if let Some(a) = spec.attr(attr) {
                        template_names.extend(names_of(a.expr(), "aws_launch_template"));
                    }
                }
            }
            if let Some(first) = lt.blocks("override").first() {
                override_type = string(first, "instance_type").known();
            }
        }
    }
    let Some(template) = template_names
        .first()
        .and_then(|name| sibling(r, "aws_launch_template", name))
    else {
        draft.unknown("its launch template is not an aws_launch_template of the same module: instance type unknown".into(),
        );
        return;
    };
    let tb = template.body();
    draft.assume(format!("instances from {}", template.resource.address()));
    let hours = est.usage(draft, "monthly_hours");
    let instance_type = match override_type {
        Some(t) => Setting::Set(t),
        None => string(&tb, "instance_type"),
    };
    match instance_type {
        Setting::Set(ty) => {
            est.charge(
                draft,
                &format!("ec2.instance.{ty}"),
                format!("{ty} instances"),
                instances * hours.value,
                Some(times(instances, format!("{} h", number(hours.value)))),
                Some(hours),
            );
        }
        Setting::Unset => draft.unknown("the launch template sets no instance_type".into()),
        Setting::Unknown(src) => draft.unknown(format!(
            "the launch template's instance_type `{src}` is known only at apply"
        )),
    }
    template_volumes(est, draft, &tb, instances);
    let public = tb.blocks("network_interfaces").iter().any(|ni| {
        matches!(
            boolean(ni, "associate_public_ip_address"),
            Setting::Set(true)
        )
    });
    if public {
        est.charge(
            draft,
            "vpc.public-ipv4.in-use",
            "public IPv4 addresses",
            instances * 730.0,
            Some(times(instances, "730 h".to_string())),
            None,
        );
    }
}
