//! `tfready validate`: the validator's problems as findings, so they get
//! the same formats, exit codes, severity overrides and suppressions as
//! the audit (`# tfready:ignore unknown-argument <reason>`).

use tfready_engine::validate;
use tfready_rules::Severity;

use crate::args::ValidateArgs;
use crate::commands::load;
use crate::exit;
use crate::output::error;
use crate::report::finish;

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
    let env = args.project.env.as_deref();
    finish("validate", loaded, result, env, fail_on, &args.output)
}
