//! The DB secret (named, or the RDS-managed master user secret of the
//! stack's database), whether it rotates, and whether the app role's
//! identity policies let it read it.
//!
//! IAM's policy simulator (iam:SimulatePrincipalPolicy) decides, for the
//! secret and for a secret that is not the app's: the role must read its
//! own and nothing broader. Where the simulator is not available (emulators
//! do not implement it), the role's attached and inline policies are read
//! and evaluated here; the evidence says which. Neither evaluates SCPs or the
//! secret's resource policy.

use super::{skip, Outcome, Status, VerifyTarget};
use crate::client::Aws;
use crate::policy::{evaluate, NamedPolicy};

const ACTION: &str = "secretsmanager:GetSecretValue";

fn role_name(role: &str) -> &str {
    // arn:aws:iam::123:role/path/name -> name
    if role.starts_with("arn:") {
        role.rsplit('/').next().unwrap_or(role)
    } else {
        role
    }
}

/// The RDS-managed master user secret of the database, when it has one.
async fn managed_secret(aws: &Aws, db: &str) -> Result<Option<String>, crate::AwsError> {
    let rds = aws_sdk_rds::Client::new(&aws.config);
    let got = rds
        .describe_db_instances()
        .db_instance_identifier(db)
        .send()
        .await;
    match got {
        Ok(out) => Ok(out
            .db_instances()
            .iter()
            .find_map(|d| d.master_user_secret().and_then(|s| s.secret_arn()))
            .map(str::to_string)),
        Err(err)
            if err
                .as_service_error()
                .is_some_and(|e| e.is_db_instance_not_found_fault()) =>
        {
            Ok(None)
        }
        Err(err) => Err(aws
            .ctx
            .error("rds:DescribeDBInstances", &format!("database {db}"), &err)),
    }
}

pub(crate) async fn db_secret(aws: &Aws, target: &VerifyTarget) -> Outcome {
    let mut evidence = Vec::new();
    let found = match (&target.db_secret, &target.db_instance) {
        (Some(s), _) => Some(s.clone()),
        (None, Some(db)) => {
            let arn = managed_secret(aws, db).await?;
            if arn.is_some() {
                evidence.push(format!(
                    "the RDS-managed master user secret of database {db} (rds:DescribeDBInstances)"
                ));
            }
            arn
        }
        (None, None) => None,
    };
    let Some(secret) = found.as_deref() else {
        return skip(
            "no DB secret given (--db-secret NAME|ARN), and the database has no RDS-managed one",
        );
    };
    let Some(role) = target.app_role.as_deref() else {
        return skip("no app role given: cannot tell whether the application may read the secret");
    };
    let sm = aws_sdk_secretsmanager::Client::new(&aws.config);
    let described = match sm.describe_secret().secret_id(secret).send().await {
        Ok(d) => d,
        Err(err)
            if err
                .as_service_error()
                .is_some_and(|e| e.is_resource_not_found_exception()) =>
        {
            return Ok((
                Status::Fail,
                vec![format!(
                    "secret {secret} does not exist (secretsmanager:DescribeSecret)"
                )],
            ))
        }
        Err(err) => {
            return Err(aws.ctx.error(
                "secretsmanager:DescribeSecret",
                &format!("secret {secret}"),
                &err,
            ))
        }
    };
    let arn = described.arn().unwrap_or(secret).to_string();
    evidence.push(format!("secret {arn} exists"));
    if described.deleted_date().is_some() {
        evidence.push("the secret is scheduled for deletion".into());
        return Ok((Status::Fail, evidence));
    }
    // A secret RDS owns is rotated by RDS (every 7 days unless changed).
    let by_rds = described.owning_service() == Some("rds");
    let rotates = described.rotation_enabled() == Some(true) || by_rds;
    evidence.push(match (described.rotation_enabled(), by_rds) {
        (Some(true), _) => match described
            .rotation_rules()
            .and_then(|r| r.automatically_after_days())
        {
            Some(days) => format!("rotation: on, every {days} days"),
            None => "rotation: on".to_string(),
        },
        (_, true) => "rotation: managed by RDS".to_string(),
        _ => "rotation: off (secretsmanager:RotateSecret turns it on)".to_string(),
    });
    let name = role_name(role);
    let iam = aws_sdk_iam::Client::new(&aws.config);
    let role_target = format!("role {name}");
    let role_arn = match iam.get_role().role_name(name).send().await {
        Ok(r) => r.role().map(|r| r.arn().to_string()).unwrap_or_default(),
        Err(err)
            if err
                .as_service_error()
                .is_some_and(|e| e.is_no_such_entity_exception()) =>
        {
            evidence.push(format!("role {name} does not exist (iam:GetRole)"));
            return Ok((Status::Fail, evidence));
        }
        Err(err) => return Err(aws.ctx.error("iam:GetRole", &role_target, &err)),
    };
    let other = other_secret(&arn);
    match simulate(aws, &iam, &role_arn, &[&arn, &other]).await {
        Ok(decisions) => {
            let own = decisions.first().map_or("implicitDeny", String::as_str);
            let broader = decisions.get(1).map_or("implicitDeny", String::as_str);
            evidence.push(format!(
                "iam:SimulatePrincipalPolicy for role {name}: {ACTION} on the secret {own}; on a secret that is not the app's ({other}) {broader}"
            ));
            let allowed = own == "allowed";
            let narrow = broader != "allowed";
            if !narrow {
                evidence.push(format!(
                    "role {name} may read other secrets too: grant {ACTION} on {arn} only"
                ));
            }
            return Ok((
                if allowed && narrow && rotates {
                    Status::Pass
                } else {
                    Status::Fail
                },
                evidence,
            ));
        }
        Err(e) if simulator_missing(&e) => evidence.push(format!(
            "iam:SimulatePrincipalPolicy is not available at this endpoint ({}): the role's policies are evaluated by tfready",
            e.code.as_deref().unwrap_or("no answer")
        )),
        Err(e) => return Err(e),
    }
    let policies = role_policies(aws, &iam, name).await?;
    let ev = evaluate(&policies, ACTION, &arn);
    let allowed = ev.allowed();
    if !ev.allowed_by.is_empty() {
        evidence.push(format!(
            "{ACTION} on the secret allowed for role {name} by {}",
            ev.allowed_by.join(", ")
        ));
    }
    if !ev.conditionally_allowed_by.is_empty() {
        evidence.push(format!(
            "{ACTION} allowed under a condition (not evaluated) by {}",
            ev.conditionally_allowed_by.join(", ")
        ));
    }
    if !ev.denied_by.is_empty() {
        evidence.push(format!(
            "{ACTION} explicitly denied by {}",
            ev.denied_by.join(", ")
        ));
    }
    if !ev.conditionally_denied_by.is_empty() {
        evidence.push(format!(
            "{ACTION} denied under a condition (not evaluated) by {}",
            ev.conditionally_denied_by.join(", ")
        ));
    }
    if !ev.unreadable.is_empty() {
        evidence.push(format!(
            "policies that could not be read: {}",
            ev.unreadable.join(", ")
        ));
    }
    let broader = evaluate(&policies, ACTION, &other).allowed();
    if broader {
        evidence.push(format!(
            "role {name} may read other secrets too ({ACTION} on {other} is allowed): grant it on {arn} only"
        ));
    }
    if !allowed && ev.denied_by.is_empty() {
        evidence.push(format!(
            "no policy of role {name} ({} read) allows {ACTION} on {arn}",
            policies.len()
        ));
    }
    if let Some(key) = described.kms_key_id() {
        if !key.contains("alias/aws/secretsmanager") {
            let kms = evaluate(&policies, "kms:Decrypt", key);
            evidence.push(if kms.allowed() {
                format!("kms:Decrypt on the secret's key {key} allowed by the role's policies")
            } else {
                format!(
                    "the secret uses key {key}: the role also needs kms:Decrypt on it (not in its \
                     policies; the key policy may grant it)"
                )
            });
        }
    }
    evidence.push(
        "evaluated: the role's identity policies; not evaluated: permission boundaries, SCPs, \
         the secret's resource policy"
            .into(),
    );
    Ok((
        if allowed && rotates && !broader {
            Status::Pass
        } else {
            Status::Fail
        },
        evidence,
    ))
}

/// A secret in the same account and region that is not the app's.
pub(crate) fn other_secret(arn: &str) -> String {
    match arn.find(":secret:") {
        Some(i) => format!("{}:secret:tfready-verify-other-secret", &arn[..i]),
        None => "arn:aws:secretsmanager:*:*:secret:tfready-verify-other-secret".to_string(),
    }
}

/// The simulator's decision (`allowed`, `explicitDeny`, `implicitDeny`) for
/// the role reading each of `resources`, in order.
async fn simulate(
    aws: &Aws,
    iam: &aws_sdk_iam::Client,
    role_arn: &str,
    resources: &[&str],
) -> Result<Vec<String>, crate::AwsError> {
    let out = iam
        .simulate_principal_policy()
        .policy_source_arn(role_arn)
        .action_names(ACTION)
        .set_resource_arns(Some(resources.iter().map(|r| r.to_string()).collect()))
        .send()
        .await
        .map_err(|e| {
            aws.ctx.error(
                "iam:SimulatePrincipalPolicy",
                &format!("role {role_arn}"),
                &e,
            )
        })?;
    Ok(resources
        .iter()
        .map(|r| {
            out.evaluation_results()
                .iter()
                .find(|e| e.eval_resource_name() == Some(r))
                .map_or("implicitDeny", |e| e.eval_decision().as_str())
                .to_string()
        })
        .collect())
}

/// Whether the endpoint lacks the simulator (an emulator answers 500 or
/// "not implemented"), as opposed to refusing the caller.
fn simulator_missing(e: &crate::AwsError) -> bool {
    let code = e.code.as_deref().unwrap_or("");
    code.starts_with("HTTP 5")
        || code == "NotImplemented"
        || code.is_empty()
            && e.detail
                .to_ascii_lowercase()
                .contains("not been implemented")
}

async fn role_policies(
    aws: &Aws,
    iam: &aws_sdk_iam::Client,
    role: &str,
) -> Result<Vec<NamedPolicy>, crate::AwsError> {
    let target = format!("role {role}");
    let mut out = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let page = iam
            .list_attached_role_policies()
            .role_name(role)
            .set_marker(marker.clone())
            .send()
            .await
            .map_err(|e| aws.ctx.error("iam:ListAttachedRolePolicies", &target, &e))?;
        for p in page.attached_policies() {
            let Some(policy_arn) = p.policy_arn() else {
                continue;
            };
            let ptarget = format!("policy {policy_arn}");
            let got = iam
                .get_policy()
                .policy_arn(policy_arn)
                .send()
                .await
                .map_err(|e| aws.ctx.error("iam:GetPolicy", &ptarget, &e))?;
            let Some(version) = got.policy().and_then(|p| p.default_version_id()) else {
                continue;
            };
            let v = iam
                .get_policy_version()
                .policy_arn(policy_arn)
                .version_id(version)
                .send()
                .await
                .map_err(|e| aws.ctx.error("iam:GetPolicyVersion", &ptarget, &e))?;
            if let Some(doc) = v.policy_version().and_then(|v| v.document()) {
                out.push(NamedPolicy {
                    source: format!("attached policy {}", p.policy_name().unwrap_or(policy_arn)),
                    document: doc.to_string(),
                });
            }
        }
        match page.marker() {
            Some(m) if page.is_truncated() => marker = Some(m.to_string()),
            _ => break,
        }
    }
    let mut marker: Option<String> = None;
    loop {
        let page = iam
            .list_role_policies()
            .role_name(role)
            .set_marker(marker.clone())
            .send()
            .await
            .map_err(|e| aws.ctx.error("iam:ListRolePolicies", &target, &e))?;
        for name in page.policy_names() {
            let got = iam
                .get_role_policy()
                .role_name(role)
                .policy_name(name)
                .send()
                .await
                .map_err(|e| aws.ctx.error("iam:GetRolePolicy", &target, &e))?;
            out.push(NamedPolicy {
                source: format!("inline policy {name}"),
                document: got.policy_document().to_string(),
            });
        }
        match page.marker() {
            Some(m) if page.is_truncated() => marker = Some(m.to_string()),
            _ => break,
        }
    }
    Ok(out)
}
