//! An audit or validate result written in the chosen format, and the exit
//! code it gives.

use tfready_engine::{rejected_flag, Loaded};
use tfready_model::{DiagSeverity, Project};
use tfready_report::{
    render_junit, render_markdown, write_json, write_sarif, write_terminal, Report,
};
use tfready_rules::{AuditResult, Severity};

use crate::args::{Format, OutputArgs};
use crate::exit;
use crate::output::{error, stream, use_color};

/// Writes `result` to stdout or `-o FILE`; the exit code: input errors
/// (2), findings at or above `fail_on` (1), else 0.
pub fn print_report(
    command: &str,
    project: &Project,
    result: &AuditResult,
    env: Option<&str>,
    fail_on: Severity,
    output: &OutputArgs,
) -> u8 {
    let part_of = crate::output::captured_root();
    let report = Report {
        command,
        project,
        result,
        environment: env,
        fail_on,
        part_of: part_of.as_deref(),
    };
    let write = |out: &mut dyn std::io::Write| -> std::io::Result<()> {
        match output.format {
            Format::Json if output.compact => tfready_report::write_json_compact(&report, out),
            Format::Json => write_json(&report, out),
            Format::Sarif => write_sarif(&report, out),
            Format::Concise => tfready_report::write_concise(&report, out),
            // A file gets no colour codes.
            Format::Terminal => write_terminal(
                &report,
                output.output.is_none() && use_color(output.color),
                output.quiet,
                out,
            ),
            Format::Junit => out.write_all(render_junit(&report).as_bytes()),
            Format::Markdown => out.write_all(
                render_markdown(&report, &crate::commands::roadmap::roadmap(project, result))
                    .as_bytes(),
            ),
            Format::Html => out.write_all(
                tfready_report::render_html(
                    &report,
                    &crate::commands::roadmap::roadmap(project, result),
                )
                .as_bytes(),
            ),
        }
    };
    match &output.output {
        None => stream(write),
        Some(path) => {
            if let Err(e) = tfready_model::files::replace_with(path, write) {
                error(&format!("cannot write {}: {e}", path.display()));
                return exit::INPUT;
            }
        }
    }
    if project
        .diagnostics
        .iter()
        .any(|d| d.severity == DiagSeverity::Error)
    {
        exit::INPUT
    } else if report.fails() {
        exit::FINDINGS
    } else {
        exit::OK
    }
}

/// The end of `audit` and `validate`: prints `result`, makes a value given
/// on the command line that its variable's validation rejects a usage
/// error, and lets go of what was loaded. The exit code.
pub fn finish(
    command: &str,
    loaded: Loaded,
    result: AuditResult,
    env: Option<&str>,
    fail_on: Severity,
    output: &OutputArgs,
) -> u8 {
    let mut code = print_report(command, &loaded.project, &result, env, fail_on, output);
    if let Some(message) = rejected_flag(&loaded.project, &result.findings) {
        error(&message);
        code = exit::INPUT;
    }
    crate::output::release((loaded, result));
    code
}
