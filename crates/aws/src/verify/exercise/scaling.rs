//! `--exercise scaling`: the group takes one more instance, which must come
//! into service (and be healthy in its target groups), then gives it back.

use std::time::Instant;

use super::{Step, Undo, Waits};
use crate::client::Aws;
use crate::error::AwsError;
use crate::verify::{skip, Outcome, Status, VerifyTarget};

pub(super) async fn set_desired(aws: &Aws, group: &str, desired: i32) -> Result<(), AwsError> {
    let asg = aws_sdk_autoscaling::Client::new(&aws.config);
    asg.set_desired_capacity()
        .auto_scaling_group_name(group)
        .desired_capacity(desired)
        .honor_cooldown(false)
        .send()
        .await
        .map(|_| ())
        .map_err(|e| {
            aws.ctx.error(
                "autoscaling:SetDesiredCapacity",
                &format!("Auto Scaling group {group}"),
                &e,
            )
        })
}

/// (desired, max, in-service instance ids, target group ARNs)
async fn describe(
    aws: &Aws,
    group: &str,
) -> Result<(i32, i32, Vec<String>, Vec<String>), AwsError> {
    let asg = aws_sdk_autoscaling::Client::new(&aws.config);
    let out = asg
        .describe_auto_scaling_groups()
        .auto_scaling_group_names(group)
        .send()
        .await
        .map_err(|e| {
            aws.ctx.error(
                "autoscaling:DescribeAutoScalingGroups",
                &format!("Auto Scaling group {group}"),
                &e,
            )
        })?;
    let g = out.auto_scaling_groups().first().ok_or_else(|| {
        AwsError::invalid(
            format!("no Auto Scaling group {group} in {}", aws.region),
            "check the name and the region".into(),
        )
    })?;
    let in_service = g
        .instances()
        .iter()
        .filter(|i| {
            i.lifecycle_state()
                .is_some_and(|s| s.as_str() == "InService")
        })
        .filter_map(|i| i.instance_id().map(str::to_string))
        .collect();
    Ok((
        g.desired_capacity().unwrap_or(0),
        g.max_size().unwrap_or(0),
        in_service,
        g.target_group_arns().to_vec(),
    ))
}

/// How many of `instances` are healthy in every one of `groups`.
async fn healthy(aws: &Aws, groups: &[String], instances: &[String]) -> Result<usize, AwsError> {
    let elb = aws_sdk_elasticloadbalancingv2::Client::new(&aws.config);
    let mut count = instances.len();
    for arn in groups {
        let h = elb
            .describe_target_health()
            .target_group_arn(arn)
            .send()
            .await
            .map_err(|e| {
                aws.ctx
                    .error("elasticloadbalancing:DescribeTargetHealth", arn, &e)
            })?;
        let ok = instances
            .iter()
            .filter(|i| {
                h.target_health_descriptions().iter().any(|d| {
                    d.target().and_then(|t| t.id()) == Some(i.as_str())
                        && d.target_health()
                            .and_then(|t| t.state())
                            .is_some_and(|s| s.as_str() == "healthy")
                })
            })
            .count();
        count = count.min(ok);
    }
    Ok(count)
}

/// Waits until `want` instances are in service (and healthy when the group
/// has target groups); the seconds it took, or `None` past the timeout.
async fn wait_for(
    aws: &Aws,
    group: &str,
    want: usize,
    waits: Waits,
) -> Result<Option<u64>, AwsError> {
    let started = Instant::now();
    loop {
        let (_, _, in_service, groups) = describe(aws, group).await?;
        let ready = in_service.len() == want
            && (groups.is_empty() || healthy(aws, &groups, &in_service).await? >= want);
        if ready {
            return Ok(Some(started.elapsed().as_secs()));
        }
        if started.elapsed() >= waits.timeout {
            return Ok(None);
        }
        tokio::time::sleep(waits.every).await;
    }
}

pub(super) async fn run(aws: &Aws, target: &VerifyTarget, undo: &Undo, waits: Waits) -> Outcome {
    let Some(group) = target.autoscaling_group.as_deref() else {
        return skip("no Auto Scaling group given (--autoscaling-group)");
    };
    let (desired, max, _, groups) = describe(aws, group).await?;
    if desired + 1 > max {
        return Ok((
            Status::Fail,
            vec![format!(
                "{group} runs at its maximum ({desired} of max {max}): it cannot scale up; raise max_size"
            )],
        ));
    }
    let mut evidence = Vec::new();
    undo.push(Step::Desired {
        group: group.to_string(),
        desired,
    });
    set_desired(aws, group, desired + 1).await?;
    let up = wait_for(aws, group, (desired + 1) as usize, waits).await;
    let down_set = set_desired(aws, group, desired).await;
    if down_set.is_ok() {
        undo.done();
    }
    let healthy_too = if groups.is_empty() {
        ""
    } else {
        " and healthy in its target groups"
    };
    let mut ok = true;
    match up? {
        Some(s) => evidence.push(format!(
            "scaled up {desired} → {}: in service{healthy_too} after {s} s",
            desired + 1
        )),
        None => {
            ok = false;
            evidence.push(format!(
                "scaled up {desired} → {}: not in service{healthy_too} within {} s",
                desired + 1,
                waits.timeout.as_secs()
            ));
        }
    }
    down_set?;
    match wait_for(aws, group, desired as usize, waits).await? {
        Some(s) => evidence.push(format!("scaled back down to {desired}: done after {s} s")),
        None => {
            ok = false;
            evidence.push(format!(
                "scaled back down to {desired}: still not at {desired} in service within {} s",
                waits.timeout.as_secs()
            ));
        }
    }
    Ok((if ok { Status::Pass } else { Status::Fail }, evidence))
}
