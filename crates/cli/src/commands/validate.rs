//! `tfready validate`: the validator's problems as findings, so they get
//! the same formats, exit codes, severity overrides and suppressions as
//! the audit (`# tfready:ignore unknown-argument <reason>`).

use tfready_engine::{rejected_flag, validate, Loaded};
use tfready_rules::Severity;

use crate::args::ValidateArgs;
use crate::commands::load;
use crate::exit;
use crate::output::error;
use crate::report::print_report;

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
            error(&format!("--schema {e}"));
            return exit::INPUT;
        }
    }
    let progress = crate::progress::Progress::start(args.output.quiet);
    let loaded = match load(&args.project, Some(progress.files.clone())) {
        Ok(x) => x,
        Err(code) => return code,
    };
    progress.stage("validating");
    let mut result = validate(&loaded);
    loaded.remap(&mut result.findings);
    progress.finish();
    let fail_on = args
        .fail_on
        .as_deref()
        .and_then(Severity::parse)
        .unwrap_or(Severity::High);
    let mut code = print_report(
        "validate",
        &loaded.project,
        &result,
        args.project.env.as_deref(),
        fail_on,
        &args.output,
    );
    if let Some(message) = rejected_flag(&loaded.project, &result.findings) {
        error(&message);
        code = exit::INPUT;
    }
    let Loaded { project, plan, .. } = loaded;
    // The plan's temporary stack is removed; the rest need not be freed.
    drop(plan);
    crate::output::release((project, result));
    code
}
