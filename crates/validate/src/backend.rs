//! The root module's `backend` block: known backend type, arguments that
//! backend accepts (complete lists for `s3` and `local`), deprecated
//! arguments, and literal values only.

use std::ops::Range;

use serde::Serialize;
use tfready_model::ast::Block;
use tfready_model::ast::{Element, Template};
use tfready_model::ast::{Expression, ObjectKey};
use tfready_model::{FileId, Project};

use crate::suggest::did_you_mean;
use crate::{header_loc, loc, span_or, Problem};

/// One argument of a backend.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct BackendArg {
    pub name: &'static str,
    /// For deprecated arguments: what to use instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<&'static str>,
    /// For object arguments (`assume_role = { ... }`): their fields.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub fields: &'static [BackendArg],
}

const fn arg(name: &'static str) -> BackendArg {
    BackendArg {
        name,
        deprecated: None,
        fields: &[],
    }
}

const fn old(name: &'static str, instead: &'static str) -> BackendArg {
    BackendArg {
        name,
        deprecated: Some(instead),
        fields: &[],
    }
}

const fn obj(name: &'static str, fields: &'static [BackendArg]) -> BackendArg {
    BackendArg {
        name,
        deprecated: None,
        fields,
    }
}

pub const S3_BACKEND_DOCS: &str = "https://developer.hashicorp.com/terraform/language/backend/s3";
pub const LOCAL_BACKEND_DOCS: &str =
    "https://developer.hashicorp.com/terraform/language/backend/local";

/// Arguments of the `s3` backend in Terraform 1.11 and later
/// (`internal/backend/remote-state/s3/backend.go`, documented at
/// <https://developer.hashicorp.com/terraform/language/backend/s3>).
/// `dynamodb_table` is deprecated since 1.11 in favour of `use_lockfile`
/// (S3 native locking, 1.10+). There is no `versioning` argument: versioning
/// is a setting of the bucket.
pub static S3_BACKEND_ARGS: &[BackendArg] = &[
    arg("bucket"),
    arg("key"),
    arg("region"),
    arg("access_key"),
    arg("secret_key"),
    arg("token"),
    arg("profile"),
    arg("shared_config_files"),
    arg("shared_credentials_files"),
    old("shared_credentials_file", "shared_credentials_files"),
    arg("allowed_account_ids"),
    arg("forbidden_account_ids"),
    arg("encrypt"),
    arg("kms_key_id"),
    arg("sse_customer_key"),
    arg("acl"),
    arg("workspace_key_prefix"),
    arg("use_lockfile"),
    old("dynamodb_table", "use_lockfile = true"),
    obj(
        "endpoints",
        &[
            old("dynamodb", "use_lockfile = true (S3 native locking)"),
            arg("iam"),
            arg("s3"),
            arg("sso"),
            arg("sts"),
        ],
    ),
    old("endpoint", "endpoints = { s3 = ... }"),
    old("dynamodb_endpoint", "endpoints = { dynamodb = ... }"),
    old("iam_endpoint", "endpoints = { iam = ... }"),
    old("sts_endpoint", "endpoints = { sts = ... }"),
    arg("sts_region"),
    obj(
        "assume_role",
        &[
            arg("role_arn"),
            arg("duration"),
            arg("external_id"),
            arg("policy"),
            arg("policy_arns"),
            arg("session_name"),
            arg("source_identity"),
            arg("tags"),
            arg("transitive_tag_keys"),
        ],
    ),
    obj(
        "assume_role_with_web_identity",
        &[
            arg("role_arn"),
            arg("duration"),
            arg("policy"),
            arg("policy_arns"),
            arg("session_name"),
            arg("web_identity_token"),
            arg("web_identity_token_file"),
        ],
    ),
    arg("ec2_metadata_service_endpoint"),
    arg("ec2_metadata_service_endpoint_mode"),
    arg("skip_credentials_validation"),
    arg("skip_requesting_account_id"),
    arg("skip_metadata_api_check"),
    arg("skip_region_validation"),
    arg("skip_s3_checksum"),
    arg("use_path_style"),
    old("force_path_style", "use_path_style"),
    arg("max_retries"),
    arg("retry_mode"),
    arg("custom_ca_bundle"),
    arg("http_proxy"),
    arg("https_proxy"),
    arg("no_proxy"),
    arg("insecure"),
    arg("use_fips_endpoint"),
    arg("use_dualstack_endpoint"),
];

/// Arguments of the `local` backend.
pub static LOCAL_BACKEND_ARGS: &[BackendArg] = &[arg("path"), arg("workspace_dir")];

/// Backends built into Terraform 1.x. Only `s3` and `local` have their
/// argument lists here; the others are recognised but not checked.
const CORE_BACKENDS: &[&str] = &[
    "azurerm",
    "consul",
    "cos",
    "gcs",
    "http",
    "kubernetes",
    "local",
    "oss",
    "pg",
    "remote",
    "s3",
];

/// Backends removed in Terraform 1.3.
const REMOVED_BACKENDS: &[&str] = &["artifactory", "etcd", "etcdv3", "manta", "swift"];

/// Pre-1.6 S3 backend arguments that now live in `assume_role`.
const ASSUME_ROLE_MOVED: &[(&str, &str)] = &[
    ("role_arn", "role_arn"),
    ("session_name", "session_name"),
    ("external_id", "external_id"),
    ("assume_role_duration_seconds", "duration"),
    ("assume_role_policy", "policy"),
    ("assume_role_policy_arns", "policy_arns"),
    ("assume_role_tags", "tags"),
    ("assume_role_transitive_tag_keys", "transitive_tag_keys"),
];

pub(crate) fn run(project: &Project, out: &mut Vec<Problem>) {
    let Some(root) = project.modules.first() else {
        return;
    };
    let Some((tf, backend)) = root.backend() else {
        return;
    };
    let file = tf.file;
    let range = span_or(backend, &tf.span.range);
    let Some(kind) = backend.labels.first().map(|l| l.as_str()) else {
        return;
    };
    let (args, docs): (&[BackendArg], &str) = match kind {
        "s3" => (S3_BACKEND_ARGS, S3_BACKEND_DOCS),
        "local" => (LOCAL_BACKEND_ARGS, LOCAL_BACKEND_DOCS),
        k if CORE_BACKENDS.contains(&k) => (&[], ""),
        k => {
            let removed = REMOVED_BACKENDS.contains(&k);
            let mut message =
                format!("Unsupported backend type: There is no backend type named \"{k}\".");
            if removed {
                message.push_str(" It was removed in Terraform 1.3.");
            } else if let Some(h) = did_you_mean(k, CORE_BACKENDS.iter().copied()) {
                message.push_str(&format!(" Did you mean \"{h}\"?"));
            }
            let fix = format!(
                "Use one of Terraform's backends ({}), or a `cloud` block.",
                CORE_BACKENDS.join(", ")
            );
            out.push(
                Problem::error(
                    "backend-unknown-type",
                    header_loc(project, file, &range),
                    message,
                    fix,
                )
                .address(format!("terraform.backend.{k}"))
                .source("https://developer.hashicorp.com/terraform/language/backend"),
            );
            return;
        }
    };
    let address = format!("terraform.backend.{kind}");
    literal_only(project, file, backend, &range, &address, out);
    if args.is_empty() {
        return;
    }
    check_args(
        project, file, backend, &range, kind, args, docs, &address, out,
    );
}

#[allow(clippy::too_many_arguments)]
fn check_args(
    project: &Project,
    file: FileId,
    backend: &Block,
    range: &Range<usize>,
    kind: &str,
    args: &'static [BackendArg],
    docs: &'static str,
    address: &str,
    out: &mut Vec<Problem>,
) {
    for a in backend.body.attributes() {
        let name = a.key.as_str();
        let r = span_or(a, range);
        match args.iter().find(|x| x.name == name) {
            Some(spec) => {
                if let Some(instead) = spec.deprecated {
                    out.push(deprecated(project, file, &r, name, instead, docs, address));
                }
                if !spec.fields.is_empty() {
                    if let Some(o) = a.value.as_object() {
                        for (k, v) in o.iter() {
                            let key = match k {
                                ObjectKey::Ident(i) => i.as_str().to_string(),
                                ObjectKey::Expression(e) => match e.as_str() {
                                    Some(s) => s.to_string(),
                                    None => continue,
                                },
                            };
                            let kr = span_or(v.expr(), &r);
                            match spec.fields.iter().find(|f| f.name == key) {
                                Some(f) => {
                                    if let Some(instead) = f.deprecated {
                                        out.push(deprecated(
                                            project,
                                            file,
                                            &kr,
                                            &format!("{name}.{key}"),
                                            instead,
                                            docs,
                                            address,
                                        ));
                                    }
                                }
                                None => out.push(unknown(
                                    project,
                                    file,
                                    &kr,
                                    &key,
                                    spec.fields,
                                    kind,
                                    docs,
                                    address,
                                )),
                            }
                        }
                    }
                }
            }
            None => {
                let mut p = unknown(project, file, &r, name, args, kind, docs, address);
                if kind == "s3" {
                    if let Some((_, field)) = ASSUME_ROLE_MOVED.iter().find(|(o, _)| *o == name) {
                        p.fix = format!("Move it into `assume_role = {{ {field} = ... }}` (the top-level form was removed from the s3 backend).");
                    } else if name == "versioning" {
                        p.fix = "Remove `versioning`: it is a setting of the state bucket (aws s3api put-bucket-versioning or aws_s3_bucket_versioning), not of the backend.".to_string();
                    }
                }
                out.push(p);
            }
        }
    }
    for b in backend.body.blocks() {
        let name = b.ident.as_str();
        let r = header_loc(project, file, &span_or(b, range));
        let mut message =
            format!("Unsupported block type: Blocks of type \"{name}\" are not expected here.");
        let fix = if args.iter().any(|a| a.name == name) {
            message.push_str(&format!(" Did you mean to define argument \"{name}\"? If so, use the equals sign to assign it a value."));
            format!("Write `{name} = {{ ... }}` as an argument.")
        } else {
            format!("Remove the `{name}` block.")
        };
        out.push(
            Problem::error("backend-unknown-argument", r, message, fix)
                .address(address.to_string())
                .source(docs),
        );
    }
}

#[allow(clippy::too_many_arguments)]
fn unknown(
    project: &Project,
    file: FileId,
    range: &Range<usize>,
    name: &str,
    args: &[BackendArg],
    kind: &str,
    docs: &'static str,
    address: &str,
) -> Problem {
    let mut message =
        format!("Unsupported argument: An argument named \"{name}\" is not expected here.");
    let fix = match did_you_mean(name, args.iter().map(|a| a.name)) {
        Some(h) => {
            message.push_str(&format!(" Did you mean \"{h}\"?"));
            format!("Rename `{name}` to `{h}`.")
        }
        None => format!("Remove `{name}`: the {kind} backend has no such argument."),
    };
    Problem::error(
        "backend-unknown-argument",
        loc(project, file, range),
        message,
        fix,
    )
    .address(address.to_string())
    .source(docs)
}

fn deprecated(
    project: &Project,
    file: FileId,
    range: &Range<usize>,
    name: &str,
    instead: &str,
    docs: &'static str,
    address: &str,
) -> Problem {
    let param = instead.split_whitespace().next().unwrap_or(instead);
    let message = format!("Deprecated Parameter: The parameter \"{name}\" is deprecated. Use parameter \"{param}\" instead.");
    let fix = format!("Replace `{name}` with `{instead}`.");
    Problem::warning(
        "backend-deprecated-argument",
        loc(project, file, range),
        message,
        fix,
    )
    .address(address.to_string())
    .source(docs)
}

/// A backend block is read before anything is evaluated: only literals.
fn literal_only(
    project: &Project,
    file: FileId,
    backend: &Block,
    range: &Range<usize>,
    address: &str,
    out: &mut Vec<Problem>,
) {
    for a in backend.body.attributes() {
        let r = span_or(a, range);
        if let Some(what) = non_literal(&a.value) {
            let message = match what {
                "function" => "Functions may not be called here.".to_string(),
                _ => "Variables not allowed: Variables may not be used here.".to_string(),
            };
            let fix = format!(
                "Write `{}` as a literal, or pass it with `terraform init -backend-config=...`.",
                a.key.as_str()
            );
            out.push(
                Problem::error("backend-non-literal", loc(project, file, &r), message, fix)
                    .address(address.to_string())
                    .source("https://developer.hashicorp.com/terraform/language/backend#partial-configuration"),
            );
        }
    }
}

fn non_literal(e: &Expression) -> Option<&'static str> {
    match e {
        Expression::Variable(_) | Expression::Traversal(_) => Some("reference"),
        Expression::FuncCall(_) => Some("function"),
        Expression::Array(a) => a.iter().find_map(non_literal),
        Expression::Object(o) => o.iter().find_map(|(_, v)| non_literal(v.expr())),
        Expression::Parenthesis(p) => non_literal(p.inner()),
        Expression::Conditional(c) => non_literal(&c.cond_expr)
            .or_else(|| non_literal(&c.true_expr))
            .or_else(|| non_literal(&c.false_expr)),
        Expression::UnaryOp(u) => non_literal(&u.expr),
        Expression::BinaryOp(b) => non_literal(&b.lhs_expr).or_else(|| non_literal(&b.rhs_expr)),
        Expression::StringTemplate(t) => template_non_literal(t),
        Expression::HeredocTemplate(h) => template_non_literal(&h.template),
        Expression::ForExpr(_) => Some("reference"),
        _ => None,
    }
}

fn template_non_literal(t: &Template) -> Option<&'static str> {
    t.iter().find_map(|el| match el {
        Element::Literal(_) => None,
        Element::Interpolation(i) => non_literal(&i.expr),
        Element::Directive(_) => Some("reference"),
    })
}
