//! `tfready audit`: load, run the rules, print, exit by the findings.

use tfready_model::{DiagSeverity, LoadOptions, Project};
use tfready_report::{
    render_junit, render_markdown, write_json, write_sarif, write_terminal, Report,
};
use tfready_rules::{audit_environments, audit_with, AuditResult, Config, Severity};

use crate::args::{AuditArgs, Format, OutputArgs, ProjectArgs};
use crate::exit;
use crate::output::{error, stream, use_color};
use crate::progress::Progress;

fn options(args: &ProjectArgs, env: Option<String>) -> LoadOptions {
    LoadOptions {
        env,
        var_files: args.var_files.clone(),
        vars: args.vars.clone(),
        cache: args.shared.as_ref().map(|s| s.cache.clone()),
        boundary: args.shared.as_ref().map(|s| s.boundary.clone()),
        ..LoadOptions::default()
    }
}

/// Loads the project and its config; on failure prints why and gives the exit code.
pub fn load(args: &ProjectArgs) -> Result<(Project, Config), u8> {
    load_counting(args, None)
}

/// [`load`], counting the files read for a progress display.
pub fn load_counting(
    args: &ProjectArgs,
    files: Option<std::sync::Arc<std::sync::atomic::AtomicUsize>>,
) -> Result<(Project, Config), u8> {
    // A plan file (`terraform show -json`) is read as the stack it plans.
    let plan = crate::plan::is_plan(&args.path);
    let config_dir = if plan {
        args.path
            .parent()
            .map(std::path::Path::to_path_buf)
            .unwrap_or_default()
    } else {
        args.path.clone()
    };
    let config = Config::discover(&config_dir, args.config.as_deref()).map_err(|e| {
        error(&e.to_string());
        exit::INPUT
    })?;
    let env = args.env.clone().or_else(|| config.environment.clone());
    // An environment the stack has no variables file for, in a stack that
    // keeps one per environment, is a typo: say so instead of loading nothing.
    if let Some(e) = &env {
        let layout = tfready_model::environments::layout(&args.path, std::iter::empty());
        if !layout.files.is_empty() && layout.file(e).is_none() {
            error(&format!(
                "environment {e:?}: the stack has no variables file for it (it has: {})",
                layout
                    .files
                    .iter()
                    .map(|(n, f)| format!("{n} in {f}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            return Err(exit::INPUT);
        }
    }
    let mut opts = options(args, env);
    opts.progress = files;
    config.limits.apply(&mut opts.limits);
    let path = if plan {
        crate::plan::convert(&args.path).map_err(|e| {
            error(&e);
            exit::INPUT
        })?
    } else {
        args.path.clone()
    };
    let mut project = Project::load(&path, &opts).map_err(|e| {
        error(&e.to_string());
        exit::INPUT
    })?;
    if plan {
        project.display_root = args.path.display().to_string();
    }
    Ok((project, config))
}

pub fn run(args: &AuditArgs) -> u8 {
    let progress = Progress::start(args.output.quiet);
    let (project, mut config) = match load_counting(&args.project, Some(progress.files.clone())) {
        Ok(x) => x,
        Err(code) => return code,
    };
    if !args.select.is_empty() {
        // An unknown id would select nothing and pass silently.
        if let Some(bad) = args
            .select
            .iter()
            .find(|s| tfready_rules::find_meta(s).is_none())
        {
            error(&format!(
                "--select {bad}: no such rule (see `tfready rules`)"
            ));
            return exit::INPUT;
        }
        config.select = args.select.clone();
    }
    if let Some(bad) = args
        .skip
        .iter()
        .find(|s| tfready_rules::find_meta(s).is_none())
    {
        error(&format!("--skip {bad}: no such rule (see `tfready rules`)"));
        return exit::INPUT;
    }
    config
        .ignore
        .extend(args.skip.iter().map(|rule| tfready_rules::IgnoreRule {
            rule: rule.clone(),
            reason: "--skip".into(),
            paths: Vec::new(),
        }));
    let fail_on = args
        .fail_on
        .as_deref()
        .or(config.fail_on.as_deref())
        .and_then(Severity::parse)
        .unwrap_or(Severity::High);
    let env = args
        .project
        .env
        .clone()
        .or_else(|| config.environment.clone());
    let mut result = match audit_of(args, &project, &config, env.as_deref(), &progress) {
        Ok(r) => r,
        Err(code) => return code,
    };
    if let Some(rev) = &args.diff_base {
        match base_findings(args, rev, &progress) {
            Ok(Some(base)) => tfready_rules::Baseline::of(&base).apply(
                &mut result,
                "diff-base",
                &format!("present at {rev}"),
            ),
            Ok(None) => {}
            Err(code) => return code,
        }
    }
    progress.finish();
    crate::plan::remap(&mut result.findings);
    if let Some(path) = &args.write_baseline {
        let text = project.scrub(&tfready_rules::Baseline::of(&result).to_json());
        return match crate::output::write_file(path, |out| out.write_all(text.as_bytes())) {
            Ok(()) => {
                crate::output::print(&format!(
                    "Baseline of {} finding(s) written to {}.\n",
                    result.findings.len(),
                    path.display()
                ));
                exit::OK
            }
            Err(e) => {
                error(&format!("cannot write {}: {e}", path.display()));
                exit::INPUT
            }
        };
    }
    if let Some(path) = &args.baseline {
        let origin = path.display().to_string();
        match std::fs::read_to_string(path)
            .map_err(|e| format!("{origin}: {e}"))
            .and_then(|t| tfready_rules::Baseline::parse(&t, &origin))
        {
            Ok(b) => b.apply(
                &mut result,
                "baseline",
                &format!("accepted in the baseline {origin}"),
            ),
            Err(e) => {
                error(&e);
                return exit::INPUT;
            }
        }
    }
    let mut code = print_report(
        "audit",
        &project,
        &result,
        env.as_deref(),
        fail_on,
        &args.output,
    );
    if let Some(message) = crate::commands::validate::rejected_flag(&project, &result.findings) {
        error(&message);
        code = exit::INPUT;
    }
    crate::output::release((project, result));
    code
}

/// The audit of one loaded project: validation errors (unless
/// --no-validate), and the environment-dependent rules in each environment
/// of the stack when none is chosen.
fn audit_of(
    args: &AuditArgs,
    project: &Project,
    config: &Config,
    env: Option<&str>,
    progress: &Progress,
) -> Result<AuditResult, u8> {
    // Validation errors are part of the audit unless --no-validate.
    let extra = if args.no_validate {
        Vec::new()
    } else {
        progress.stage("validating");
        crate::commands::validate::findings(project, false)
    };
    progress.stage("auditing");
    let result = match &env {
        Some(_) => audit_with(project, config, extra),
        None => {
            // Environment-dependent rules are evaluated in each environment
            // that has a variables file.
            let envs: Vec<String> = project.env_layout().names().map(str::to_string).collect();
            if envs.is_empty() {
                audit_with(project, config, extra)
            } else {
                // The files are read and parsed once: each environment
                // only re-evaluates them under its own variables.
                let mut per_env = Vec::new();
                for e in envs {
                    match project.for_env(&{
                        let mut o = options(&args.project, Some(e.clone()));
                        config.limits.apply(&mut o.limits);
                        o
                    }) {
                        Ok(p) => per_env.push((e, p)),
                        Err(err) => {
                            error(&err.to_string());
                            return Err(exit::INPUT);
                        }
                    }
                }
                audit_environments(project, &per_env, config, extra)
            }
        }
    };
    Ok(result)
}

/// The findings of the project as it is at `rev` (`--diff-base`); `None`
/// when it did not exist there (every finding is then new).
fn base_findings(
    args: &AuditArgs,
    rev: &str,
    progress: &Progress,
) -> Result<Option<AuditResult>, u8> {
    let exported = crate::git_ref::export(&args.project.path, rev).map_err(|e| {
        error(&e);
        exit::INPUT
    })?;
    let Some(path) = exported.project.clone() else {
        return Ok(None);
    };
    let base_args = ProjectArgs {
        path,
        ..args.project.clone()
    };
    let (base, config) = load(&base_args)?;
    let env = base_args.env.clone().or_else(|| config.environment.clone());
    let mut result = audit_of(args, &base, &config, env.as_deref(), progress)?;
    crate::plan::remap(&mut result.findings);
    Ok(Some(result))
}

pub fn print_report(
    command: &str,
    project: &Project,
    result: &AuditResult,
    env: Option<&str>,
    fail_on: Severity,
    output: &OutputArgs,
) -> u8 {
    let report = Report {
        command,
        project,
        result,
        environment: env,
        fail_on,
    };
    let write = |out: &mut dyn std::io::Write| -> std::io::Result<()> {
        match output.format {
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
                render_markdown(&report, &super::roadmap::roadmap(project, result)).as_bytes(),
            ),
            Format::Html => out.write_all(
                tfready_report::render_html(&report, &super::roadmap::roadmap(project, result))
                    .as_bytes(),
            ),
        }
    };
    match &output.output {
        None => stream(write),
        Some(path) => {
            if let Err(e) = crate::output::write_file(path, write) {
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
