//! `tfready validate`: the validator's problems as findings, so they get
//! the same formats, exit codes, severity overrides and suppressions as
//! the audit (`# tfready:ignore unknown-argument <reason>`).

use std::sync::OnceLock;

use tfready_model::Project;
use tfready_rules::{audit_with, Finding, Phase, RuleMeta, Severity};
use tfready_validate::{checks, validate, Severity as VSeverity};

use crate::args::{OutputArgs, ValidateArgs};
use crate::commands::audit::print_report;
use crate::exit;
use crate::output::error;

/// One rule description per validator check, under the check's own id.
fn metas() -> &'static [&'static RuleMeta] {
    static METAS: OnceLock<Vec<&'static RuleMeta>> = OnceLock::new();
    METAS.get_or_init(|| {
        checks()
            .iter()
            .map(|c| {
                let error = c.severity == VSeverity::Error;
                let meta = RuleMeta {
                    id: c.id,
                    slug: c.code,
                    title: c.description,
                    severity: if error {
                        Severity::High
                    } else {
                        Severity::Medium
                    },
                    phase: Phase::One,
                    coverage_row: 0,
                    spec_section: "validate",
                    risk: if error {
                        "terraform plan or apply fails."
                    } else {
                        "Deprecated, or fails depending on values known only at apply."
                    },
                    remediation: "Apply the fix the finding names.",
                    effort: "minutes",
                    fixer: None,
                    per_environment: false,
                };
                &*Box::leak(Box::new(meta))
            })
            .collect()
    })
}

/// Makes the validator's checks known to suppressions, config and SARIF.
pub fn register() {
    tfready_rules::register_extra_rules(metas().to_vec());
}

/// The validator's problems as findings; warnings only when asked.
pub fn findings(project: &Project, warnings: bool) -> Vec<Finding> {
    validate(project)
        .into_iter()
        .filter(|p| warnings || p.severity == VSeverity::Error)
        .filter_map(|p| {
            let meta = metas().iter().find(|m| m.slug == p.code)?;
            let mut f = Finding::new(
                meta,
                p.location.clone(),
                format!("{} (fix: {})", p.message, p.fix),
            );
            if p.severity == VSeverity::Warning {
                f.severity = Severity::Medium;
            }
            f.resource = p.address.clone();
            Some(f)
        })
        .collect()
}

/// Reads `--schema FILE` and makes it the run's schema; the provider
/// version comes from the project's `.terraform.lock.hcl` when it has one.
fn use_schema(file: &std::path::Path, project_dir: &std::path::Path) -> Result<(), String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let version = tfready_validate::locked_version(project_dir)
        .unwrap_or_else(|| format!("from {}", file.display()));
    let schema = tfready_schema::from_terraform_json(&text, &version)
        .map_err(|e| format!("{}: {e}", file.display()))?;
    tfready_schema::use_schema(schema).map_err(|e| e.to_string())
}

pub fn run(args: &ValidateArgs) -> u8 {
    if let Some(file) = &args.schema {
        if let Err(e) = use_schema(file, &args.project.path) {
            crate::output::error(&format!("--schema {e}"));
            return crate::exit::INPUT;
        }
    }
    let progress = crate::progress::Progress::start(args.output.quiet);
    let files = Some(progress.files.clone());
    let (project, config) = match crate::commands::audit::load_counting(&args.project, files) {
        Ok(x) => x,
        Err(code) => return code,
    };
    progress.stage("validating");
    // Only the validator's checks: the audit rules are `tfready audit`.
    let config = tfready_rules::Config {
        select: metas().iter().map(|m| m.id.to_string()).collect(),
        ..config
    };
    let mut result = audit_with(&project, &config, findings(&project, true));
    crate::plan::remap(&mut result.findings);
    progress.finish();
    let fail_on = args
        .fail_on
        .as_deref()
        .and_then(Severity::parse)
        .unwrap_or(Severity::High);
    let output = OutputArgs {
        format: args.output.format,
        color: args.output.color,
        quiet: args.output.quiet,
        output: args.output.output.clone(),
    };
    let mut code = print_report(
        "validate",
        &project,
        &result,
        args.project.env.as_deref(),
        fail_on,
        &output,
    );
    if let Some(message) = rejected_flag(&project, &result.findings) {
        error(&message);
        code = exit::INPUT;
    }
    crate::output::release((project, result));
    code
}

/// A value given on the command line (`--var`, `--env`) that the variable's
/// own validation rejects: a usage error, as in `terraform plan` (the
/// finding is in the report too).
pub fn rejected_flag(project: &Project, findings: &[Finding]) -> Option<String> {
    findings
        .iter()
        .filter(|f| f.rule.slug == "variable-validation")
        .find_map(|f| {
            // Root variables only: `var.NAME`, not `module.x.var.NAME`.
            let name = f.resource.as_deref()?.strip_prefix("var.")?;
            let flag = project
                .tfvars
                .iter()
                .rev()
                .find(|a| a.name == name)
                .and_then(|a| match &a.origin {
                    tfready_model::VarOrigin::Flag(flag) => Some(flag.clone()),
                    _ => None,
                })?;
            Some(project.scrub(&format!(
                "{flag}: rejected by the variable's validation: {}",
                f.message
            )))
        })
}
