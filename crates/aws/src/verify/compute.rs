//! The Auto Scaling group.

use super::{skip, Outcome, Resolved, Status, VerifyTarget};
use crate::client::Aws;
use crate::error::{AwsError, ErrorKind};

#[derive(Debug, Clone)]
pub(crate) struct Asg {
    pub name: String,
    pub min: i32,
    pub max: i32,
    pub desired: i32,
    /// (instance id, lifecycle state)
    pub instances: Vec<(String, String)>,
    pub target_groups: usize,
}

pub(crate) async fn resolve_asg(aws: &Aws, name: &str) -> Result<Asg, AwsError> {
    let client = aws_sdk_autoscaling::Client::new(&aws.config);
    let target = format!("Auto Scaling group {name}");
    let out = client
        .describe_auto_scaling_groups()
        .auto_scaling_group_names(name)
        .send()
        .await
        .map_err(|e| {
            aws.ctx
                .error("autoscaling:DescribeAutoScalingGroups", &target, &e)
        })?;
    let g = out.auto_scaling_groups().first().ok_or_else(|| AwsError {
        kind: ErrorKind::Service,
        call: "autoscaling:DescribeAutoScalingGroups",
        target: target.clone(),
        code: None,
        detail: format!("no Auto Scaling group {name} in {}", aws.region),
        hint: "check the name and the region".into(),
    })?;
    Ok(Asg {
        name: g.auto_scaling_group_name().unwrap_or(name).to_string(),
        min: g.min_size().unwrap_or(0),
        max: g.max_size().unwrap_or(0),
        desired: g.desired_capacity().unwrap_or(0),
        instances: g
            .instances()
            .iter()
            .map(|i| {
                (
                    i.instance_id().unwrap_or("?").to_string(),
                    i.lifecycle_state()
                        .map(|s| s.as_str().to_string())
                        .unwrap_or_default(),
                )
            })
            .collect(),
        target_groups: g.target_group_arns().len(),
    })
}

pub(crate) async fn autoscaling(aws: &Aws, target: &VerifyTarget, r: &Resolved) -> Outcome {
    let asg = match &r.asg {
        None => return skip("no Auto Scaling group given (name)"),
        Some(Err(e)) if e.kind == ErrorKind::Service && e.code.is_none() => {
            return Ok((Status::Fail, vec![e.detail.clone()]))
        }
        Some(Err(e)) => return Err(e.clone()),
        Some(Ok(a)) => a,
    };
    let in_service = asg
        .instances
        .iter()
        .filter(|(_, s)| s == "InService")
        .count();
    let mut evidence = vec![format!(
        "group {}: min {}, max {}, desired {}, {} of {} instances InService, {} target group(s)",
        asg.name,
        asg.min,
        asg.max,
        asg.desired,
        in_service,
        asg.instances.len(),
        asg.target_groups
    )];
    let client = aws_sdk_autoscaling::Client::new(&aws.config);
    let policies = client
        .describe_policies()
        .auto_scaling_group_name(&asg.name)
        .send()
        .await
        .map_err(|e| {
            aws.ctx.error(
                "autoscaling:DescribePolicies",
                &format!("Auto Scaling group {}", asg.name),
                &e,
            )
        })?;
    let names: Vec<&str> = policies
        .scaling_policies()
        .iter()
        .filter_map(|p| p.policy_name())
        .collect();
    evidence.push(if names.is_empty() {
        "no scaling policies (it will not scale on load)".to_string()
    } else {
        format!("scaling policies: {}", names.join(", "))
    });
    let mut ok = true;
    if asg.max < asg.min {
        ok = false;
        evidence.push("max is below min".into());
    }
    match target.environment.as_deref() {
        Some(env) if target.is_prod() => {
            if asg.min < 2 {
                ok = false;
                evidence.push(format!(
                    "environment {env}: min must be at least 2 (one instance per AZ), it is {}",
                    asg.min
                ));
            } else {
                evidence.push(format!("environment {env}: min ≥ 2"));
            }
        }
        Some(env) => evidence.push(format!("environment {env}: min ≥ 2 not required")),
        None => evidence.push("environment not given: min ≥ 2 (prod) not checked".into()),
    }
    Ok((if ok { Status::Pass } else { Status::Fail }, evidence))
}
