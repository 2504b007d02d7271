//! `tfready fix`: plan the remediation, show it as a diff or write it.

use tfready_fix::{apply, diff, git_dirty, plan, FixOptions};
use tfready_model::Project;
use tfready_rules::Phase;

use crate::args::{FixArgs, ProjectArgs};
use crate::commands::load;
use crate::exit;
use crate::output::{error, print};

fn phases(args: &FixArgs) -> Vec<Phase> {
    if args.phase.iter().any(|p| p == "all") {
        return Vec::new();
    }
    args.phase
        .iter()
        .filter_map(|p| match p.as_str() {
            "1" => Some(Phase::One),
            "2" => Some(Phase::Two),
            "3" => Some(Phase::Three),
            "4" => Some(Phase::Four),
            "quick-win" => Some(Phase::QuickWin),
            _ => None,
        })
        .collect()
}

pub fn run(args: &FixArgs) -> u8 {
    let (project, config) = match load(&args.project, None) {
        // A plan is read as a stack in memory: there is no configuration
        // to edit.
        Ok(l) if l.plan.is_some() => {
            error(&format!(
                "{}: a plan file; fix edits Terraform configuration: run it on the directory the plan was made from",
                args.project.path.display()
            ));
            return exit::INPUT;
        }
        Ok(l) => (l.project, l.config),
        Err(code) => return code,
    };
    if project
        .diagnostics
        .iter()
        .any(|d| d.severity == tfready_model::DiagSeverity::Error)
    {
        for d in &project.diagnostics {
            error(&format!(
                "{}:{}: [{}] {}",
                d.location.file, d.location.line, d.code, d.message
            ));
        }
        error("fix edits only projects that load cleanly; fix the input errors first");
        return exit::INPUT;
    }
    if let Some(bad) = args
        .rule
        .iter()
        .find(|r| tfready_rules::find_rule(r).is_none())
    {
        error(&format!(
            "--rule {bad}: no such rule (`tfready rules` lists them; fixable: {})",
            tfready_rules::RULES
                .iter()
                .filter(|r| r.meta.fixable())
                .map(|r| r.meta.slug)
                .collect::<Vec<_>>()
                .join(", ")
        ));
        return exit::INPUT;
    }
    if let Some(r) = args
        .rule
        .iter()
        .filter_map(|r| tfready_rules::find_rule(r))
        .find(|r| !r.meta.fixable())
    {
        error(&format!(
            "--rule {}: {} ({}) has no fixer; its remediation: {}",
            r.meta.slug, r.meta.id, r.meta.title, r.meta.remediation
        ));
        return exit::INPUT;
    }
    let opts = FixOptions::new(phases(args), args.rule.clone(), &config);
    let fix = plan(&project, &opts);
    let mut out = String::new();
    if fix.changes.is_empty() {
        out.push_str("Nothing to change: the selected fixes are already in place.\n");
        print(&project.scrub(&out));
        return exit::OK;
    }
    if args.diff {
        let text = project.scrub(&diff(&fix.changes));
        if text.contains(tfready_model::REDACTED) {
            error(&format!(
                "the diff shows secret values as {}: it is for review, and `git apply` will not take it; `tfready fix` writes the real values",
                tfready_model::REDACTED
            ));
        }
        print(&text);
        return exit::OK;
    }
    out.push_str(&format!("{} file(s) to change:\n", fix.changes.len()));
    for c in &fix.changes {
        out.push_str(&format!(
            "  {} {}\n",
            if c.before.is_some() { "M" } else { "A" },
            c.path
        ));
    }
    out.push_str("\nWhat the fix does:\n");
    for d in &fix.done {
        out.push_str(&format!("  - {d}\n"));
    }
    if args.dry_run {
        if let Some(line) = cost_line(&project, &fix.changes, &args.project, false) {
            out.push_str(&format!("\n{line}\n"));
        }
        out.push_str("\n--dry-run: nothing written.\n");
        print(&project.scrub(&out));
        return exit::OK;
    }
    // Every phase at once is a large change: asked for, not assumed.
    if args.phase.is_empty() && args.rule.is_empty() && !args.yes {
        use std::io::IsTerminal;
        if !std::io::stdin().is_terminal() {
            error("no --phase or --rule: pass --phase (1, 2, 3, 4, quick-win or all) or --yes to write every phase");
            return exit::INPUT;
        }
        crate::output::prompt(&project.scrub(&format!(
            "{out}\nWrite every phase ({} file(s))? [y/N] ",
            fix.changes.len()
        )));
        let mut answer = String::new();
        let _ = std::io::stdin().read_line(&mut answer);
        if !matches!(answer.trim(), "y" | "Y" | "yes") {
            error("nothing written");
            return exit::INPUT;
        }
    }
    let in_git = git_dirty(&project.root).is_some();
    if !args.allow_dirty && git_dirty(&project.root) == Some(true) {
        error(&format!(
            "{}: the git work tree has uncommitted changes; commit or stash them first (so the fix can be reviewed and undone), or pass --allow-dirty",
            project.display_root
        ));
        return exit::INPUT;
    }
    match apply(&project.root, &fix.changes) {
        Ok(applied) => {
            out.push_str(&format!("\nWrote {} file(s).\n", applied.written.len()));
            if let Some(b) = &applied.backup {
                out.push_str(&if in_git {
                    format!(
                        "The files it replaced are kept in {} (roll back: copy them back, or `git checkout -- .` and delete the added files).\n",
                        b.display()
                    )
                } else {
                    format!(
                        "The files it replaced are kept in {b}; this is not a git work tree, so to roll back: `cp -R {b}/. {root}/` and delete the added files listed above.\n",
                        b = b.display(),
                        root = project.root.display()
                    )
                });
            }
            if let Some(line) = cost_line(&project, &fix.changes, &args.project, true) {
                out.push_str(&format!("\n{line}\n"));
            }
            if !fix.next_steps.is_empty() {
                out.push_str("\nNext steps:\n");
                for (i, s) in fix.next_steps.iter().enumerate() {
                    out.push_str(&format!("  {}. {s}\n", i + 1));
                }
            }
            print(&project.scrub(&out));
            exit::OK
        }
        Err(e) => {
            print(&project.scrub(&out));
            error(&e.to_string());
            exit::INPUT
        }
    }
}

/// A stack's monthly figure as the summary states it: what is priced, and
/// how many lines have no price (never a silent $0.00).
fn monthly(e: &tfready_cost::Estimate) -> String {
    let unpriced = e.items.iter().filter(|i| i.monthly_usd.is_none()).count();
    let costly = e
        .items
        .iter()
        .filter(|i| i.status != tfready_cost::Status::Free)
        .count();
    match (unpriced, costly) {
        (0, _) => format!("${:.2}", e.total_usd),
        (n, all) if n == all => format!("unpriced ({n} line(s) without a price in {})", e.region),
        (n, _) => format!("${:.2} + {n} unpriced line(s) in {}", e.total_usd, e.region),
    }
}

/// Before/after monthly cost of `changes`, written or not.
fn cost_line(
    before: &Project,
    changes: &[tfready_fix::Change],
    args: &ProjectArgs,
    written: bool,
) -> Option<String> {
    let (before, after) =
        tfready_engine::cost_before_after(before, &args.target(), changes, written)?;
    Some(format!(
        "Monthly cost (embedded and cached prices, default usage): {} before, {} after (`tfready cost --compare` shows each line).",
        monthly(&before),
        monthly(&after)
    ))
}
