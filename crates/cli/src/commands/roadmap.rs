//! The parts of the Markdown roadmap that come from other engines: the
//! cost section and per-gap figures (pricing), the Terraform for each gap,
//! the gaps the fixes bring and the next steps (the fix planner).

use std::collections::BTreeMap;

use tfready_cost::{estimate, phases, render_markdown as cost_markdown, Usage};
use tfready_fix::{diff, fixers, plan, Change, FixOptions};
use tfready_model::Project;
use tfready_report::Roadmap;
use tfready_rules::{AuditResult, Config};

/// Lines of one gap's diff shown in the roadmap; the rest is a command away.
const DIFF_LINES: usize = 80;

pub fn roadmap(project: &Project, result: &AuditResult) -> Roadmap {
    let config = Config::default();
    let prices = &tfready_cost::sources::offline(project);
    let usage = Usage::defaults();
    let est = estimate(project, prices, &usage);
    let table = tfready_fix::templates_dir().ok().and_then(|dir| {
        let done = tfready_fix::in_place(project, &config);
        phases(project, prices, &usage, &dir, &done).ok()
    });
    // Its headings sit under the roadmap's "## 5. Cost Impact Summary".
    let cost_section = cost_markdown(&est, table.as_ref())
        .lines()
        .map(|l| {
            if l.starts_with("## ") {
                format!("#{l}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    // Each priced module, with its coverage rows.
    let module_cost: BTreeMap<&str, (f64, &[u32])> = table
        .iter()
        .flat_map(|t| t.phases.iter().flat_map(|p| p.modules.iter()))
        .map(|m| (m.name.as_str(), (m.monthly_usd, m.rows.as_slice())))
        .collect();

    let found: Vec<&'static str> = result.findings.iter().map(|f| f.rule.id).collect();
    let mut phase_costs = Vec::new();
    if let Some(t) = &table {
        let figure = |usd: f64, complete: bool| complete.then_some(usd);
        phase_costs.push((
            "Today".to_string(),
            figure(t.current.total_usd, t.current.complete),
        ));
        for p in &t.phases {
            phase_costs.push((
                format!("After {}", p.name),
                figure(p.cumulative_usd, p.complete),
            ));
        }
    }
    let mut out = Roadmap {
        cost_section: Some(cost_section),
        phase_costs,
        next_steps: plan(project, &FixOptions::default()).next_steps,
        ..Default::default()
    };
    for fixer in fixers() {
        let rules: Vec<_> = fixer.rules().collect();
        let has_gap = rules.iter().any(|r| found.contains(&r.id));
        let brought: Vec<&str> = fixer
            .also_when
            .iter()
            .copied()
            .filter(|r| found.contains(r))
            .collect();
        if !has_gap && !brought.is_empty() {
            let by: Vec<String> = brought
                .iter()
                .filter_map(|id| tfready_rules::find_rule(id))
                .map(|r| format!("`{}`", r.meta.slug))
                .collect();
            for r in &rules {
                out.follow_on
                    .push((r, format!("comes with closing {}", by.join(" and "))));
            }
        }
        if !has_gap && brought.is_empty() {
            continue;
        }
        // The modules the fixer adds: the one of its name, and templates no
        // fixer is named after that close its rules' rows (the state
        // bucket, CloudFront's WAF).
        let rows: Vec<u32> = rules.iter().map(|r| u32::from(r.coverage_row)).collect();
        let mine: Vec<&str> = module_cost
            .iter()
            .filter(|(name, (_, mrows))| {
                **name == fixer.id
                    || (!fixers().iter().any(|f| f.id == **name)
                        && mrows.iter().any(|r| rows.contains(r)))
            })
            .map(|(name, _)| *name)
            .collect();
        let usd: f64 = mine.iter().map(|n| module_cost[n].0).sum();
        let changes = plan(
            project,
            &FixOptions {
                rules: vec![rules.first().map_or(fixer.id, |r| r.id).to_string()],
                ..FixOptions::default()
            },
        )
        .changes;
        for r in &rules {
            if !mine.is_empty() {
                let names: Vec<String> = mine.iter().map(|n| format!("`{n}`")).collect();
                out.gap_cost.insert(
                    r.id,
                    format!(
                        "+${usd:.2}/month: module {}, default usage",
                        names.join(" and ")
                    ),
                );
            }
            if !changes.is_empty() {
                out.terraform.insert(r.id, shown(&changes, r.slug));
            }
        }
    }
    out
}

/// The edits of existing files as a diff, the new files by folder.
fn shown(changes: &[Change], slug: &str) -> String {
    let edits: Vec<Change> = changes
        .iter()
        .filter(|c| c.before.is_some())
        .cloned()
        .collect();
    let mut text = diff(&edits);
    let mut new_dirs: BTreeMap<String, usize> = BTreeMap::new();
    for c in changes.iter().filter(|c| c.before.is_none()) {
        let dir = match c.path.rsplit_once('/') {
            Some((d, _)) if d.starts_with("modules/") => format!("{d}/"),
            _ => c.path.clone(),
        };
        *new_dirs.entry(dir).or_default() += 1;
    }
    for (dir, n) in new_dirs {
        text.push_str(&format!(
            "+ {dir} (new: {n} file{})\n",
            if n == 1 { "" } else { "s" }
        ));
    }
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() > DIFF_LINES {
        let mut cut = lines[..DIFF_LINES].join("\n");
        cut.push_str(&format!(
            "\n… {} more lines: tfready fix --rule {slug} --diff",
            lines.len() - DIFF_LINES
        ));
        cut
    } else {
        text
    }
}
