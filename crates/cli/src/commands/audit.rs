//! `tfready audit`: load, run the rules, print, exit by the findings.

use tfready_model::{DiagSeverity, LoadOptions, Project};
use tfready_report::{render_json, render_terminal, Report};
use tfready_rules::{audit, Config, Severity};

use crate::args::{AuditArgs, Format, ProjectArgs};
use crate::exit;
use crate::output::{error, print, use_color};

/// Loads the project and its config; on failure prints why and gives the exit code.
pub fn load(args: &ProjectArgs) -> Result<(Project, Config), u8> {
    let config = Config::discover(&args.path, args.config.as_deref()).map_err(|e| {
        error(&e.to_string());
        exit::INPUT
    })?;
    let opts = LoadOptions {
        env: args.env.clone().or_else(|| config.environment.clone()),
        var_files: args.var_files.clone(),
        vars: args.vars.clone(),
        ..LoadOptions::default()
    };
    let project = Project::load(&args.path, &opts).map_err(|e| {
        error(&e.to_string());
        exit::INPUT
    })?;
    Ok((project, config))
}

pub fn run(args: &AuditArgs) -> u8 {
    let (project, mut config) = match load(&args.project) {
        Ok(x) => x,
        Err(code) => return code,
    };
    if !args.select.is_empty() {
        config.select = args.select.clone();
    }
    let fail_on = args
        .fail_on
        .as_deref()
        .or(config.fail_on.as_deref())
        .and_then(Severity::parse)
        .unwrap_or(Severity::High);
    let result = audit(&project, &config);
    let env = args
        .project
        .env
        .as_deref()
        .or(config.environment.as_deref());
    let report = Report {
        project: &project,
        result: &result,
        environment: env,
        fail_on,
    };
    let text = match args.output.format {
        Format::Json => render_json(&report),
        Format::Terminal => {
            render_terminal(&report, use_color(args.output.color), args.output.quiet)
        }
    };
    print(&text);
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
