//! KMS key policy for CloudWatch Logs.

use super::*;

#[derive(PartialEq, Eq)]
pub(super) enum Policy {
    /// No policy at all: the default key policy applies.
    Absent,
    Allows,
    Denies,
    Unknown,
}

pub(super) fn logs_kms(cx: &Ctx<'_>, r: &ResourceRef<'_>, out: &mut Vec<Problem>) {
    let project = cx.project;
    let Some(a) = r.attr("kms_key_id") else {
        return;
    };
    if a.value().is_null() {
        return;
    }
    let traced = cx.project.value_sources(r.instance.id, a.expr());
    for key in traced
        .resources
        .iter()
        .filter(|o| o.resource.mode == ResourceMode::Managed && o.resource.ty == "aws_kms_key")
    {
        let key_ref = ResourceRef {
            project,
            instance: &project.instances[key.instance],
            resource: key.resource,
        };
        let key_addr = key_ref.address();
        let state = key_policy(cx, key.instance, key.resource, allows_logs);
        let certain = !traced.uncertain && key_ref.presence() == Presence::Yes;
        let fix = format!("Give {key_addr} a key policy that allows the logs.<region>.amazonaws.com service principal kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, kms:GenerateDataKey*, kms:Describe* (condition on kms:EncryptionContext:aws:logs:arn), besides the account root.");
        let head = "AccessDeniedException: The specified KMS key does not exist or is not allowed to be used with Arn 'arn:aws:logs:<region>:<account>:log-group:...'";
        match state {
            Policy::Absent => {
                let message = format!("{head}: {key_addr} has no key policy, and the default key policy does not let CloudWatch Logs (logs.<region>.amazonaws.com) use the key, so creating the log group fails.");
                out.push(emit(
                    r,
                    certain,
                    "aws-kms-logs-key-policy",
                    a.location(),
                    message,
                    fix,
                    LOGS_KMS_SOURCE,
                ));
            }
            Policy::Denies => {
                let message = format!("{head}: the key policy of {key_addr} does not allow the logs.<region>.amazonaws.com service principal, so creating the log group fails.");
                out.push(emit(
                    r,
                    certain,
                    "aws-kms-logs-key-policy",
                    a.location(),
                    message,
                    fix,
                    LOGS_KMS_SOURCE,
                ));
            }
            Policy::Allows | Policy::Unknown => {}
        }
    }
}

/// The key policy of a KMS key: its `policy` argument or an
/// `aws_kms_key_policy` for it in the same module instance.
pub(super) fn key_policy(
    cx: &Ctx<'_>,
    inst: InstanceId,
    key: &Resource,
    allows: impl Fn(&str) -> bool,
) -> Policy {
    let project = cx.project;
    let instance = &project.instances[inst];
    let module = &project.modules[instance.module];
    let policy_expr = key.attr("policy").map(|a| &a.value).or_else(|| {
        module
            .managed()
            .filter(|p| p.ty == "aws_kms_key_policy")
            .filter(|p| {
                p.attr("key_id").is_some_and(|k| {
                    cx.project
                        .value_sources(inst, &k.value)
                        .resources
                        .iter()
                        .any(|o| o.instance == inst && std::ptr::eq(o.resource, key))
                })
            })
            .find_map(|p| p.attr("policy").map(|a| &a.value))
    });
    let Some(expr) = policy_expr else {
        return Policy::Absent;
    };
    judge_policy(cx, inst, expr, key.file, allows)
}

/// Whether a policy (known JSON, or failing that its source text and the
/// source of the policy documents it references) passes `allows`.
pub(super) fn judge_policy(
    cx: &Ctx<'_>,
    inst: InstanceId,
    expr: &tfready_model::ast::Expression,
    file: tfready_model::FileId,
    allows: impl Fn(&str) -> bool,
) -> Policy {
    let project = cx.project;
    use tfready_model::ast::Span as _;
    let instance = &project.instances[inst];
    let value = eval(project, instance, expr);
    if let Some(text) = value.as_str() {
        return if allows(text) {
            Policy::Allows
        } else {
            Policy::Denies
        };
    }
    // Not known: read the source, and that of the policy documents (and
    // other resources) it is built from.
    let mut text = String::new();
    if let Some(r) = expr.span() {
        text.push_str(project.files[file].text.get(r).unwrap_or(""));
    }
    let traced = cx.project.value_sources(inst, expr);
    for o in &traced.resources {
        text.push_str(
            project.files[o.resource.file]
                .text
                .get(o.resource.span.range.clone())
                .unwrap_or(""),
        );
    }
    if allows(&text) {
        Policy::Allows
    } else if traced.root_vars.is_empty() && !text.contains("file(") {
        // Every statement is written out in the configuration.
        Policy::Denies
    } else {
        Policy::Unknown
    }
}

/// A `logs.<region>.amazonaws.com` (or `logs.amazonaws.com`) principal.
pub(super) fn allows_logs(text: &str) -> bool {
    text.match_indices("logs.").any(|(i, _)| {
        let rest = &text[i..];
        let end = rest
            .find(['"', '\'', ' ', '\n'])
            .unwrap_or(rest.len())
            .min(80);
        rest[..end].contains("amazonaws.com")
    })
}
