//! `tfready validate`: what `terraform validate`, `plan` and `apply` would
//! reject, found offline.
//!
//! * **Schema** — resource and data source types, arguments and nested
//!   blocks against the embedded AWS provider schema (its version: `tfready_schema::provider().provider_version()`)
//!   ([`tfready_schema`]), required arguments and blocks, and a small,
//!   sourced table of deprecated arguments ([`DEPRECATIONS`]), since the
//!   schema carries none.
//! * **References** — variables, locals, resources, data sources, modules and
//!   module outputs that are not declared, attributes a resource type does
//!   not export, `count.index` / `each` outside `count` / `for_each`,
//!   instance keys that do not match `count` / `for_each`, module inputs.
//! * **Backends** — unknown and deprecated backend arguments.
//! * **AWS apply-time constraints** — rules the AWS APIs enforce at apply,
//!   each with the document it comes from.
//!
//! Values come from the model: what only apply knows is `Unknown`, and a
//! constraint that depends on an unknown value is reported as a warning
//! ("would fail if ..."), or not at all when nothing can be decided.
//!
//! ```no_run
//! let project = tfready_model::Project::load("examples/huron-pmo".as_ref(), &Default::default()).unwrap();
//! for p in tfready_validate::validate(&project) {
//!     println!("{}: {} [{}] {}", p.location, p.severity, p.code, p.message);
//! }
//! ```

use std::ops::Range;

use rayon::prelude::*;
use serde::Serialize;
use tfready_model::ast::Span;
use tfready_model::{FileId, Location, Project};

mod aws;
mod backend;
mod conditions;
mod deprecations;
mod index;
mod plan;
mod provider_version;
pub use provider_version::locked_version;
mod refs;
mod schema_check;
mod suggest;
mod trace;

pub use backend::{BackendArg, LOCAL_BACKEND_ARGS, S3_BACKEND_ARGS};
pub use deprecations::{Deprecation, Removal, DEPRECATIONS, REMOVALS};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// `terraform plan` or `apply` would fail.
    Error,
    /// Deprecated, or would fail depending on values only apply knows.
    Warning,
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One thing `terraform plan` / `apply` would reject (or warn about).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub severity: Severity,
    /// Stable identifier of the check, one of [`checks`].
    pub code: &'static str,
    pub location: Location,
    /// What Terraform or AWS would say, close to their wording.
    pub message: String,
    /// How to fix it, in one line.
    pub fix: String,
    /// The document the constraint comes from (AWS or provider docs,
    /// Terraform docs), when it is not Terraform's own language rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Address of the resource, module call or block concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

impl Problem {
    pub(crate) fn new(
        severity: Severity,
        code: &'static str,
        location: Location,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Problem {
        Problem {
            severity,
            code,
            location,
            message: message.into(),
            fix: fix.into(),
            source: None,
            address: None,
        }
    }

    pub(crate) fn error(
        code: &'static str,
        location: Location,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Problem {
        Problem::new(Severity::Error, code, location, message, fix)
    }

    pub(crate) fn warning(
        code: &'static str,
        location: Location,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Problem {
        Problem::new(Severity::Warning, code, location, message, fix)
    }

    pub(crate) fn source(mut self, url: impl Into<String>) -> Problem {
        self.source = Some(url.into());
        self
    }

    pub(crate) fn address(mut self, address: impl Into<String>) -> Problem {
        self.address = Some(address.into());
        self
    }

    fn sort_key(&self) -> (&str, usize, usize, &'static str, &str, Severity) {
        (
            &self.location.file,
            self.location.line,
            self.location.column,
            self.code,
            &self.message,
            self.severity,
        )
    }
}

/// A check `validate` runs, for documentation.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct CheckInfo {
    /// The stable id findings, suppressions and SARIF use (`TFV011`). Fixed
    /// here, never derived from a position: a new check takes the next one.
    pub id: &'static str,
    pub code: &'static str,
    /// Severity of a definite finding (each check may also warn when the
    /// outcome depends on unknown values).
    pub severity: Severity,
    pub description: &'static str,
}

const fn check(
    id: &'static str,
    code: &'static str,
    severity: Severity,
    description: &'static str,
) -> CheckInfo {
    CheckInfo {
        id,
        code,
        severity,
        description,
    }
}

use Severity::{Error as E, Warning as W};

static CHECKS: &[CheckInfo] = &[
    check("TFV001", "unknown-resource-type", E, "Resource type not in the AWS provider schema."),
    check("TFV002", "unknown-data-source", E, "Data source type not in the AWS provider schema."),
    check("TFV003", "unknown-argument", E, "Argument the resource, block, provider or lifecycle does not accept."),
    check("TFV004", "unknown-block", E, "Nested block type the resource or block does not accept (dynamic blocks included)."),
    check("TFV005", "computed-argument", E, "Value set for an attribute the provider computes."),
    check("TFV006", "missing-required-argument", E, "Required argument not set."),
    check("TFV007", "missing-required-block", E, "Required nested block absent."),
    check("TFV008", "too-many-blocks", E, "More blocks of a type than the schema allows."),
    check("TFV009", "count-and-for-each", E, "`count` and `for_each` set together."),
    check("TFV010", "deprecated-argument", W, "Argument or block deprecated by the provider (sourced table)."),
    check("TFV011", "undeclared-reference", E, "Reference to an undeclared variable, local, resource, data source or module."),
    check("TFV012", "undeclared-module-output", E, "Reference to an output a local module does not declare."),
    check("TFV013", "unsupported-attribute", E, "Reference to an attribute the resource type neither accepts nor exports."),
    check("TFV014", "missing-instance-key", E, "Attribute of a counted resource or module accessed without an instance key."),
    check("TFV015", "unexpected-instance-key", E, "Instance key on a resource or module without count or for_each."),
    check("TFV016", "invalid-count-reference", E, "`count.index` where `count` is not set."),
    check("TFV017", "invalid-each-reference", E, "`each.key` / `each.value` where `for_each` is not set."),
    check("TFV018", "undeclared-provider", E, "`provider = aws.ALIAS` with no such provider configuration."),
    check("TFV019", "module-unknown-input", E, "Module call passes an input the module does not declare."),
    check("TFV020", "module-missing-input", E, "Module call omits a variable the module requires (no default)."),
    check("TFV021", "count-unknown-at-plan", E, "`count` depends on resource attributes known only after apply."),
    check("TFV022", "backend-unknown-type", E, "Backend type Terraform does not have."),
    check("TFV023", "backend-unknown-argument", E, "Argument the backend does not accept (s3 and local are checked)."),
    check("TFV024", "backend-deprecated-argument", W, "Deprecated backend argument (e.g. s3 `dynamodb_table` since Terraform 1.11)."),
    check("TFV025", "backend-non-literal", E, "Variables or other references in a backend block."),
    check("TFV026", "aws-backup-lifecycle", E, "Backup rule lifecycle: delete_after must be at least cold_storage_after + 90 days."),
    check("TFV027", "aws-cloudfront-certificate-region", E, "CloudFront viewer certificate must be an ACM certificate in us-east-1."),
    check("TFV028", "aws-elasticache-failover", E, "ElastiCache automatic failover / Multi-AZ need at least 2 cache clusters; Multi-AZ needs failover."),
    check("TFV029", "aws-elasticache-auth-token", E, "ElastiCache auth_token needs transit_encryption_enabled = true."),
    check("TFV030", "aws-wafv2-geo-match", E, "WAFv2 geo_match_statement needs at least one country code."),
    check("TFV031", "aws-kms-logs-key-policy", E, "KMS key of a CloudWatch log group must allow the logs.<region>.amazonaws.com principal."),
    check("TFV032", "aws-alb-access-logs-bucket-policy", W, "ALB access logs bucket needs a bucket policy allowing ELB log delivery."),
    check("TFV033", "aws-rds-managed-password", E, "RDS manage_master_user_password = true cannot be combined with password."),
    check("TFV034", "provider-newer-than-schema", W, "The stack requires or pins a newer AWS provider than the schema checked with: unknown argument, block and type findings are warnings."),
    check("TFV035", "aws-rds-backup-retention-range", E, "RDS backup_retention_period outside 0-35 days (1-35 for Aurora)."),
    check("TFV036", "variable-validation", E, "A variable's value fails its own validation block (values known before apply)."),
    check("TFV037", "custom-condition", E, "A precondition or postcondition known to be false before apply."),
];

/// Every check `validate` runs, with a one-line description.
pub fn checks() -> &'static [CheckInfo] {
    CHECKS
}

/// Whether a stack Terraform has planned (with the user's provider, whose
/// schema may differ from tfready's) has passed check `id` by being
/// planned: every check but the `aws-` ones, which are what AWS refuses
/// at apply.
pub fn passed_by_planning(id: &str) -> bool {
    CHECKS
        .iter()
        .any(|c| c.id == id && !c.code.starts_with("aws-"))
}

/// Validates a loaded project. The result is sorted by file, line, column
/// and code, without duplicates (a module called several times reports its
/// static problems once), and free of secret values.
pub fn validate(project: &Project) -> Vec<Problem> {
    let cx = Ctx {
        project,
        idx: project
            .modules
            .iter()
            .map(index::ModuleIndex::new)
            .collect(),
    };
    // The passes are independent: run them side by side.
    type Pass = fn(&Ctx<'_>, &mut Vec<Problem>);
    let passes: [Pass; 6] = [
        |cx, out| schema_check::run(cx.project, out),
        |cx, out| refs::run(cx.project, &cx.idx, out),
        |cx, out| backend::run(cx.project, out),
        plan::run,
        aws::run,
        conditions::run,
    ];
    let mut out: Vec<Problem> = passes
        .par_iter()
        .flat_map_iter(|pass| {
            let mut found = Vec::new();
            pass(&cx, &mut found);
            found
        })
        .collect();
    provider_version::soften(project, &mut out);
    for p in &mut out {
        p.message = project.scrub(&p.message);
        p.fix = project.scrub(&p.fix);
    }
    out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    out.dedup_by(|a, b| a.location == b.location && a.code == b.code && a.message == b.message);
    out
}

/// The project and its per-module indexes, shared by the passes.
pub(crate) struct Ctx<'p> {
    pub project: &'p Project,
    pub idx: Vec<index::ModuleIndex<'p>>,
}

/// Location of a byte range.
pub(crate) fn loc(project: &Project, file: FileId, range: &Range<usize>) -> Location {
    project.location(file, range)
}

/// Location of the first line of a range (a block's header).
pub(crate) fn header_loc(project: &Project, file: FileId, range: &Range<usize>) -> Location {
    let text = &project.files[file].text;
    let start = range.start.min(text.len());
    let end = text[start..range.end.min(text.len())]
        .find('\n')
        .map_or(range.end, |i| start + i);
    project.location(file, &(start..end.max(start + 1)))
}

/// The span of a node, or a fallback (JSON files carry block spans only).
pub(crate) fn span_or<T: Span>(node: &T, fallback: &Range<usize>) -> Range<usize> {
    node.span().unwrap_or_else(|| fallback.clone())
}

/// Provider documentation page of a resource or data source type.
pub(crate) fn docs_url(ty: &str, data: bool) -> String {
    let kind = if data { "data-sources" } else { "resources" };
    let name = ty.strip_prefix("aws_").unwrap_or(ty);
    format!(
        "https://registry.terraform.io/providers/hashicorp/aws/{}/docs/{kind}/{name}",
        tfready_schema::provider().provider_version()
    )
}

/// "the root module" or "module directory modules/x", for messages.
pub(crate) fn module_label(dir: &str) -> String {
    if dir.is_empty() {
        "the root module".to_string()
    } else {
        format!("the module in {dir}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_never_move() {
        let mut ids: Vec<&str> = checks().iter().map(|c| c.id).collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n);
        // Users' suppressions name these: a check keeps its id for good.
        let id = |code: &str| checks().iter().find(|c| c.code == code).map(|c| c.id);
        assert_eq!(id("unknown-resource-type"), Some("TFV001"));
        assert_eq!(id("undeclared-reference"), Some("TFV011"));
        assert_eq!(id("provider-newer-than-schema"), Some("TFV034"));
        assert_eq!(id("aws-rds-backup-retention-range"), Some("TFV035"));
    }

    #[test]
    fn a_planned_stack_has_passed_all_but_what_apply_refuses() {
        let left: Vec<&str> = checks()
            .iter()
            .map(|c| c.id)
            .filter(|id| !passed_by_planning(id))
            .collect();
        let at_apply = [
            "TFV026", "TFV027", "TFV028", "TFV029", "TFV030", "TFV031", "TFV032", "TFV033",
            "TFV035",
        ];
        assert_eq!(left, at_apply);
        // Not a check of the validator's (a rule's id): not passed.
        assert!(!passed_by_planning("TFR011"));
    }

    #[test]
    fn check_codes_are_unique_and_kebab_case() {
        let mut codes: Vec<&str> = checks().iter().map(|c| c.code).collect();
        assert!(codes.iter().all(|c| c
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch == '-' || ch.is_ascii_digit())));
        let n = codes.len();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), n);
    }
}
