//! The terminal report: findings grouped by phase, each with a code frame,
//! then input problems and a summary. Colour only when asked for.

use std::fmt::Write as _;
use std::io;
use std::io::Write as _;

use anstyle::{AnsiColor, Style};
use tfready_model::{DiagSeverity, Diagnostic};
use tfready_rules::{Finding, Phase, Severity};

use crate::stream::Scrubbed;
use crate::{frame, Report};

struct Paint {
    color: bool,
}

impl Paint {
    fn paint(&self, style: Style, text: &str) -> String {
        if self.color {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_string()
        }
    }

    fn severity(&self, s: Severity) -> String {
        let c = match s {
            Severity::Critical => AnsiColor::BrightRed,
            Severity::High => AnsiColor::Red,
            Severity::Medium => AnsiColor::Yellow,
            Severity::Low => AnsiColor::Cyan,
            Severity::Info => AnsiColor::White,
        };
        self.paint(
            Style::new().fg_color(Some(c.into())).bold(),
            &s.as_str().to_ascii_uppercase(),
        )
    }

    fn dim(&self, text: &str) -> String {
        self.paint(Style::new().dimmed(), text)
    }

    fn bold(&self, text: &str) -> String {
        self.paint(Style::new().bold(), text)
    }
}

pub fn render_terminal(r: &Report<'_>, color: bool, quiet: bool) -> String {
    crate::to_string(|out| write_terminal(r, color, quiet, out))
}

/// Writes the terminal report a finding at a time.
pub fn write_terminal(
    r: &Report<'_>,
    color: bool,
    quiet: bool,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let p = Paint { color };
    let mut out = Scrubbed::new(r.project, out);
    let mut s = String::new();
    if !quiet {
        for phase in Phase::ALL {
            let mut in_phase: Vec<&Finding> = r
                .findings()
                .iter()
                .filter(|f| f.rule.phase == phase)
                .collect();
            if in_phase.is_empty() {
                continue;
            }
            in_phase.sort_by(|a, b| {
                b.severity
                    .cmp(&a.severity)
                    .then_with(|| a.sort_key().cmp(&b.sort_key()))
            });
            let _ = writeln!(s, "{}\n", p.bold(&format!("== {} ==", phase.title())));
            for f in in_phase {
                finding(&mut s, &p, r, f);
                out.write_all(s.as_bytes())?;
                s.clear();
            }
        }
        for d in r.diagnostics() {
            diagnostic(&mut s, &p, d);
        }
    }
    summary(&mut s, &p, r);
    out.write_all(s.as_bytes())?;
    out.finish()
}

fn finding(s: &mut String, p: &Paint, r: &Report<'_>, f: &Finding) {
    let m = f.rule;
    let _ = writeln!(
        s,
        "{} {} {}: {}",
        p.severity(f.severity),
        p.bold(m.id),
        m.slug,
        m.title
    );
    let _ = writeln!(s, "  {} {}", p.dim("-->"), f.location);
    code_frame(s, p, r, &f.location);
    let _ = writeln!(s, "  {} {}", p.dim("="), f.message);
    if let Some(v) = &f.value {
        let _ = writeln!(s, "  {} value: {v}", p.dim("="));
    }
    for rel in &f.related {
        let _ = writeln!(s, "  {} {}: {}", p.dim("="), rel.location, rel.message);
    }
    if !f.environments.is_empty() {
        let _ = writeln!(
            s,
            "  {} in environments: {}",
            p.dim("="),
            f.environments.join(", ")
        );
    }
    let _ = writeln!(s, "  {} risk: {}", p.dim("="), m.risk);
    let _ = writeln!(
        s,
        "  {} fix: {} (effort: {})\n",
        p.dim("="),
        m.remediation,
        m.effort
    );
}

fn code_frame(s: &mut String, p: &Paint, r: &Report<'_>, loc: &tfready_model::Location) {
    let lines = frame::lines(r.project, loc);
    if lines.is_empty() {
        return;
    }
    let width = lines
        .iter()
        .map(|(n, _)| n.to_string().len())
        .max()
        .unwrap_or(1);
    let _ = writeln!(s, "  {:>width$} {}", "", p.dim("|"));
    for (n, text) in lines {
        let num = if n == 0 { String::new() } else { n.to_string() };
        let _ = writeln!(
            s,
            "  {} {} {text}",
            p.dim(&format!("{num:>width$}")),
            p.dim("|")
        );
    }
    let _ = writeln!(s, "  {:>width$} {}", "", p.dim("|"));
}

fn diagnostic(s: &mut String, p: &Paint, d: &Diagnostic) {
    let label = match d.severity {
        DiagSeverity::Error => p.severity(Severity::Critical).replace("CRITICAL", "ERROR"),
        DiagSeverity::Warning => p.severity(Severity::Medium).replace("MEDIUM", "WARNING"),
        DiagSeverity::Note => p.dim("NOTE"),
    };
    let _ = writeln!(
        s,
        "{label} [{}] {}:{}:{}: {}\n",
        d.code, d.location.file, d.location.line, d.location.column, d.message
    );
}

fn summary(s: &mut String, p: &Paint, r: &Report<'_>) {
    let sum = r.summary();
    let mut parts = Vec::new();
    for (n, sev) in [
        (sum.critical, Severity::Critical),
        (sum.high, Severity::High),
        (sum.medium, Severity::Medium),
        (sum.low, Severity::Low),
        (sum.info, Severity::Info),
    ] {
        if n > 0 {
            parts.push(format!("{n} {sev}"));
        }
    }
    let found = if parts.is_empty() {
        "no findings".to_string()
    } else {
        format!("{} findings: {}", sum.total, parts.join(", "))
    };
    let mut line = format!("{}: {found}", r.project.display_root);
    if sum.suppressed > 0 {
        line.push_str(&format!("; {} suppressed", sum.suppressed));
    }
    if sum.input_errors > 0 {
        line.push_str(&format!("; {} input error(s)", sum.input_errors));
    }
    if let Some(env) = r.environment {
        line.push_str(&format!(" (environment: {env})"));
    }
    let _ = writeln!(s, "{}", p.bold(&line));
}
