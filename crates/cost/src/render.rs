//! Renderers: plain-text tables for the terminal and Markdown for the roadmap report. They return
//! strings; nothing here prints.

use std::fmt::Write as _;

use crate::compare::{Change, Comparison};
use crate::estimate::{signed_usd, usd, Estimate, LineItem, Status};
use crate::phases::{ModuleCost, PhaseTable};

fn money(item: &LineItem) -> String {
    match (item.status, item.monthly_usd) {
        (Status::Free, _) => "free".to_string(),
        (_, Some(v)) => usd(v),
        (Status::Missing, None) if item.priced_usd() > 0.0 => {
            format!(">= {} (price: missing)", usd(item.priced_usd()))
        }
        _ => "price: missing".to_string(),
    }
}

/// A total: never `$0.00` when something is unpriced.
fn total_text(total: f64, complete: bool) -> String {
    match (complete, total > 0.0) {
        (true, _) => usd(total),
        (false, true) => format!(">= {} (some prices missing)", usd(total)),
        (false, false) => "unknown (prices missing)".to_string(),
    }
}

/// An estimate's total, with how many lines are unpriced and where to look.
fn estimate_total(estimate: &Estimate) -> String {
    if estimate.complete {
        return usd(estimate.total_usd);
    }
    let unpriced = estimate
        .items
        .iter()
        .filter(|i| i.status == Status::Missing)
        .count();
    let costly = estimate
        .items
        .iter()
        .filter(|i| i.status != Status::Free)
        .count();
    let lines = format!("{unpriced} of {costly} lines unpriced: see Missing prices");
    if estimate.total_usd > 0.0 {
        format!(">= {} ({lines})", usd(estimate.total_usd))
    } else {
        format!("unknown ({lines})")
    }
}

/// The estimate as a plain-text table: one block per priced line with its components and
/// assumptions, the free resources listed by name, missing prices, total and notes.
pub fn render_table(estimate: &Estimate) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Monthly cost of {} ({}, {})",
        estimate.project,
        estimate
            .environment
            .as_deref()
            .map_or("environment unknown".to_string(), |e| format!(
                "environment {e}"
            )),
        estimate.region
    );
    let _ = writeln!(
        out,
        "prices: {}; usage: {}",
        estimate.prices_origin,
        estimate
            .usage_origin
            .as_deref()
            .unwrap_or("tfready defaults")
    );
    out.push('\n');
    let priced: Vec<&LineItem> = estimate
        .items
        .iter()
        .filter(|i| i.status != Status::Free)
        .collect();
    let width = priced
        .iter()
        .map(|i| i.address.chars().count())
        .max()
        .unwrap_or(8)
        .max(8);
    let _ = writeln!(out, "{:<width$}  {:>12}", "RESOURCE", "MONTHLY");
    for item in &priced {
        let mut address = item.address.clone();
        if item.count != 1.0 {
            address = format!("{address} (x{})", crate::estimate::number(item.count));
        }
        let _ = writeln!(out, "{address:<width$}  {:>12}", money(item));
        for c in &item.components {
            let _ = writeln!(out, "    {}", c.formula);
        }
        for m in &item.missing {
            let _ = writeln!(out, "    price: missing: {}", m.reason);
        }
        for a in &item.assumptions {
            let _ = writeln!(out, "    assumes: {a}");
        }
    }
    let free: Vec<&LineItem> = estimate
        .items
        .iter()
        .filter(|i| i.status == Status::Free)
        .collect();
    if !free.is_empty() {
        let _ = writeln!(out, "\nFree ({}):", free.len());
        for item in free {
            let _ = writeln!(
                out,
                "    {}: {}",
                item.address,
                item.formula.trim_start_matches("free: ")
            );
        }
    }
    if !estimate.missing.is_empty() {
        let _ = writeln!(out, "\nMissing prices ({}):", estimate.missing.len());
        for m in &estimate.missing {
            let _ = writeln!(out, "    {}: {}", m.address, m.reason);
        }
    }
    let _ = writeln!(
        out,
        "\n{:<width$}  {:>12}",
        "TOTAL per month",
        estimate_total(estimate)
    );
    if !estimate.notes.is_empty() {
        out.push_str("\nNotes:\n");
        for note in &estimate.notes {
            let _ = writeln!(out, "  - {note}");
        }
    }
    out
}

fn module_line(out: &mut String, m: &ModuleCost) {
    let spec: Vec<String> = m
        .spec_rows
        .iter()
        .map(|r| format!("row {} {}: {}", r.row, r.component, r.cost))
        .collect();
    let _ = writeln!(
        out,
        "  module {:<24} {:>12}   spec {}",
        m.name,
        if m.complete {
            usd(m.monthly_usd)
        } else {
            format!(">= {}", usd(m.monthly_usd))
        },
        if spec.is_empty() {
            "-".to_string()
        } else {
            spec.join("; ")
        }
    );
    if let Some(error) = &m.load_error {
        let _ = writeln!(out, "      did not load: {error}");
    }
    for item in m.items.iter().filter(|i| i.status != Status::Free) {
        let _ = writeln!(out, "      {:<56} {:>12}", item.address, money(item));
        for c in &item.components {
            let _ = writeln!(out, "          {}", c.formula);
        }
        for miss in &item.missing {
            let _ = writeln!(out, "          price: missing: {}", miss.reason);
        }
    }
}

/// The phase table in spec §5's shape, tfready's figure beside the spec's, then each phase's
/// modules and changes line by line.
pub fn render_phases(table: &PhaseTable) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Cost by phase: {} ({}, {})\n",
        table.project,
        table
            .environment
            .as_deref()
            .map_or("environment unknown".to_string(), |e| format!(
                "environment {e}"
            )),
        table.region
    );
    let _ = writeln!(out, "{:<28} {:>22} {:>12}", "PHASE", "TFREADY", "SPEC");
    // A figure with missing prices is a lower bound: not set beside a range.
    let position = |spec: &crate::spec::SpecRange, usd: f64, complete: bool| {
        if complete {
            spec.position(usd)
        } else {
            "not compared: some prices are missing".to_string()
        }
    };
    let _ = writeln!(
        out,
        "{:<28} {:>22} {:>12}  {}",
        "Current State",
        total_text(table.current.total_usd, table.current.complete),
        table.current_spec.text,
        position(
            &table.current_spec,
            table.current.total_usd,
            table.current.complete
        )
    );
    for row in &table.phases {
        let figure = match (row.complete, row.delta_usd != 0.0) {
            (true, _) => signed_usd(row.delta_usd),
            (false, true) => format!(">= {}", signed_usd(row.delta_usd)),
            (false, false) => "unknown".to_string(),
        };
        let _ = writeln!(
            out,
            "{:<28} {:>22} {:>12}  {}",
            row.name,
            figure,
            row.spec.text,
            position(&row.spec, row.delta_usd, row.complete)
        );
    }
    for total in [&table.recommended, &table.production] {
        let _ = writeln!(
            out,
            "{:<28} {:>22} {:>12}  {} ({})",
            total.name,
            total_text(total.monthly_usd, total.complete),
            total.spec.text,
            position(&total.spec, total.monthly_usd, total.complete),
            total.definition
        );
    }
    for row in &table.phases {
        let _ = writeln!(
            out,
            "\n{}: {} (spec {})",
            row.name,
            signed_usd(row.delta_usd),
            row.spec.text
        );
        for m in &row.modules {
            module_line(&mut out, m);
        }
        for a in &row.adjustments {
            let _ = writeln!(out, "  change   {:<56} {:>12}", a.address, money(a));
            for c in &a.components {
                let _ = writeln!(out, "          {}", c.formula);
            }
        }
        for note in &row.notes {
            let _ = writeln!(out, "  note: {note}");
        }
    }
    if !table.other_modules.is_empty() {
        out.push_str("\nOther modules (quick wins, not in the totals):\n");
        for m in &table.other_modules {
            module_line(&mut out, m);
        }
    }
    if !table.notes.is_empty() {
        out.push_str("\nNotes:\n");
        for note in &table.notes {
            let _ = writeln!(out, "  - {note}");
        }
    }
    out
}

fn md_escape(text: &str) -> String {
    text.replace('|', "\\|")
}

/// Markdown for the roadmap report: the per-resource table, and the phase table in spec §5's
/// shape when given.
pub fn render_markdown(estimate: &Estimate, phases: Option<&PhaseTable>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## Monthly cost ({}, {})\n",
        estimate
            .environment
            .as_deref()
            .map_or("environment unknown".to_string(), |e| format!(
                "environment {e}"
            )),
        estimate.region
    );
    out.push_str(
        "| Resource | Monthly | How it was computed | Assumptions |\n|---|---:|---|---|\n",
    );
    for item in estimate.items.iter().filter(|i| i.status != Status::Free) {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} |",
            item.address,
            money(item),
            md_escape(&item.formula),
            md_escape(&item.assumptions.join("; "))
        );
    }
    let _ = writeln!(
        out,
        "| **Total** | **{}** | | |\n",
        estimate_total(estimate)
    );
    let free: Vec<String> = estimate
        .items
        .iter()
        .filter(|i| i.status == Status::Free)
        .map(|i| format!("`{}`", i.address))
        .collect();
    if !free.is_empty() {
        let _ = writeln!(out, "Free: {}.\n", free.join(", "));
    }
    for note in &estimate.notes {
        let _ = writeln!(out, "- {}", md_escape(note));
    }
    if let Some(table) = phases {
        out.push_str("\n## Cost Impact Summary\n\n");
        out.push_str(
            "| Phase | Components | tfready | Spec | Priority |\n|---|---|---:|---:|---|\n",
        );
        let _ = writeln!(
            out,
            "| **Current State** | VPC, EC2, RDS, S3, Route53 | {} | {} | - |",
            total_text(table.current.total_usd, table.current.complete),
            table.current_spec.text
        );
        for row in &table.phases {
            let modules: Vec<String> = row
                .modules
                .iter()
                .map(|m| format!("{} {}", m.name, usd(m.monthly_usd)))
                .collect();
            let _ = writeln!(
                out,
                "| **{}** | {}{} | {}{} | {} | {} |",
                row.name,
                row.components,
                if modules.is_empty() {
                    String::new()
                } else {
                    format!(" (modules: {})", modules.join(", "))
                },
                if row.complete { "" } else { ">= " },
                signed_usd(row.delta_usd),
                row.spec.text,
                row.priority
            );
        }
        for total in [&table.recommended, &table.production] {
            let _ = writeln!(
                out,
                "| **{}** | {} | **{}** | **{}** | - |",
                total.name,
                total.definition,
                total_text(total.monthly_usd, total.complete),
                total.spec.text
            );
        }
        out.push('\n');
        for note in &table.notes {
            let _ = writeln!(out, "- {}", md_escape(note));
        }
    }
    out
}

/// A comparison of two estimates (`tfready cost --compare OTHER`).
pub fn render_comparison(comparison: &Comparison) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Cost comparison: {} -> {}\n",
        comparison.before_project, comparison.after_project
    );
    let width = comparison
        .lines
        .iter()
        .map(|l| l.address.chars().count())
        .max()
        .unwrap_or(8)
        .max(8);
    let _ = writeln!(
        out,
        "{:<width$}  {:>12} {:>12} {:>12}",
        "RESOURCE", "BEFORE", "AFTER", "CHANGE"
    );
    let show = |v: Option<f64>| v.map_or("-".to_string(), usd);
    for line in comparison
        .lines
        .iter()
        .filter(|l| l.change != Change::Unchanged)
    {
        let _ = writeln!(
            out,
            "{:<width$}  {:>12} {:>12} {:>12}",
            line.address,
            show(line.before_usd),
            show(line.after_usd),
            format!(
                "{}{}",
                if line.delta_usd >= 0.0 { "+" } else { "-" },
                usd(line.delta_usd.abs())
            )
        );
    }
    let unchanged = comparison
        .lines
        .iter()
        .filter(|l| l.change == Change::Unchanged)
        .count();
    if unchanged > 0 {
        let _ = writeln!(out, "({unchanged} lines unchanged)");
    }
    let _ = writeln!(
        out,
        "\n{:<width$}  {:>12} {:>12} {:>12}",
        "TOTAL per month",
        usd(comparison.before_total_usd),
        usd(comparison.after_total_usd),
        format!(
            "{}{}",
            if comparison.delta_usd >= 0.0 {
                "+"
            } else {
                "-"
            },
            usd(comparison.delta_usd.abs())
        )
    );
    if !comparison.complete {
        out.push_str("Some prices are missing on either side: the change is approximate.\n");
    }
    out
}
