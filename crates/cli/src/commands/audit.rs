//! `tfready audit`: load, run the rules, print, exit by the findings.

use tfready_engine::{audit, audit_at};
use tfready_rules::{Baseline, IgnoreRule, Severity};

use crate::args::AuditArgs;
use crate::commands::load;
use crate::exit;
use crate::output::error;
use crate::progress::Progress;
use crate::report::finish;

pub fn run(args: &AuditArgs) -> u8 {
    let progress = Progress::start(args.output.quiet);
    let mut loaded = match load(&args.project, Some(progress.files.clone())) {
        Ok(x) => x,
        Err(code) => return code,
    };
    // An unknown id would select nothing and pass silently.
    let unknown = |flag: &str, ids: &[String]| {
        let bad = ids.iter().find(|s| !tfready_rules::is_rule(s))?;
        Some(format!("{flag} {bad}: no such rule (see `tfready rules`)"))
    };
    if let Some(message) =
        unknown("--select", &args.select).or_else(|| unknown("--skip", &args.skip))
    {
        error(&message);
        return exit::INPUT;
    }
    if !args.select.is_empty() {
        loaded.config.select = args.select.clone();
    }
    loaded
        .config
        .ignore
        .extend(args.skip.iter().map(|rule| IgnoreRule {
            rule: rule.clone(),
            reason: "--skip".into(),
            paths: Vec::new(),
        }));
    let fail_on = args
        .fail_on
        .as_deref()
        .or(loaded.config.fail_on.as_deref())
        .and_then(Severity::parse)
        .unwrap_or(Severity::High);
    let target = args.project.target();
    let stage = |s: &'static str| progress.stage(s);
    let mut result = match audit(&loaded, &target, !args.no_validate, &stage) {
        Ok(r) => r,
        Err(e) => {
            error(&e);
            return exit::INPUT;
        }
    };
    if let Some(rev) = &args.diff_base {
        match audit_at(&target, rev, !args.no_validate, &stage) {
            Ok(Some(base)) => {
                Baseline::of(&base).apply(&mut result, "diff-base", &format!("present at {rev}"))
            }
            Ok(None) => {}
            Err(e) => {
                error(&e);
                return exit::INPUT;
            }
        }
    }
    progress.finish();
    loaded.remap(&mut result.findings);
    if let Some(path) = &args.write_baseline {
        let text = loaded.project.scrub(&Baseline::of(&result).to_json());
        return match tfready_model::files::replace_with(path, |out| out.write_all(text.as_bytes()))
        {
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
            .and_then(|t| Baseline::parse(&t, &origin))
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
    let env = loaded.environment.clone();
    finish(
        "audit",
        loaded,
        result,
        env.as_deref(),
        fail_on,
        &args.output,
    )
}
