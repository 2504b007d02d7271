//! The terminal report: the summary and input problems first, then the
//! findings by phase, grouped under the code they point at. Colour only
//! when asked for.

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

/// Writes the terminal report: the summary and input problems first, then
/// each phase's findings grouped under the code they point at (one frame a
/// resource), a rule's risk and fix said once. Lines are wrapped to the
/// terminal's width when `COLUMNS` gives one.
pub fn write_terminal(
    r: &Report<'_>,
    color: bool,
    quiet: bool,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let p = Paint { color };
    let mut out = Scrubbed::new(r.project, out);
    let mut s = String::new();
    summary(&mut s, &p, r);
    if quiet {
        out.write_all(s.as_bytes())?;
        return out.finish();
    }
    for d in r.diagnostics() {
        diagnostic(&mut s, &p, d);
    }
    s.push('\n');
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<usize>().ok())
        .filter(|w| *w >= 40);
    let mut explained: std::collections::HashSet<&str> = std::collections::HashSet::new();
    // Validation problems are not roadmap gaps: no phases, and each message
    // already says its fix.
    let roadmap = r.command != "validate";
    let sections: Vec<Option<Phase>> = if roadmap {
        Phase::ALL.into_iter().map(Some).collect()
    } else {
        vec![None]
    };
    for phase in sections {
        let in_phase = crate::findings_of(r, phase);
        if in_phase.is_empty() {
            continue;
        }
        if let Some(phase) = phase {
            let _ = writeln!(s, "{}\n", p.bold(&format!("== {} ==", phase.title())));
        }
        // One group a resource (or a place, for findings about no resource),
        // in the order its most severe finding comes.
        let mut groups: Vec<Vec<&Finding>> = Vec::new();
        let mut group_of: std::collections::HashMap<String, usize> = Default::default();
        for f in in_phase {
            // The same address can live in several modules' files.
            let key = match &f.resource {
                Some(r) => format!("{}|{r}", f.location.file),
                None => f.location.to_string(),
            };
            match group_of.get(&key) {
                Some(&i) => groups[i].push(f),
                None => {
                    group_of.insert(key, groups.len());
                    groups.push(vec![f]);
                }
            }
        }
        for list in groups {
            let first = list[0];
            let _ = writeln!(s, "{} {}", p.dim("-->"), first.location);
            code_frame(&mut s, &p, r, &first.location);
            for f in list {
                // Where a finding points elsewhere in the group's code, it says where.
                let at = (f.location != first.location).then(|| f.location.to_string());
                finding(&mut s, &p, f, at.as_deref(), roadmap, &mut explained, width);
            }
            s.push('\n');
            out.write_all(s.as_bytes())?;
            s.clear();
        }
    }
    if !r.findings().is_empty() {
        summary(&mut s, &p, r);
    }
    out.write_all(s.as_bytes())?;
    out.finish()
}

/// One finding: severity, rule and what is wrong here; the rule's risk and
/// fix the first time the rule comes up.
fn finding<'r>(
    s: &mut String,
    p: &Paint,
    f: &'r Finding,
    at: Option<&str>,
    roadmap: bool,
    explained: &mut std::collections::HashSet<&'r str>,
    width: Option<usize>,
) {
    let m = f.rule;
    let place = at.map(|a| format!(" ({a})")).unwrap_or_default();
    let head = format!(
        "{} {} {}{place}: {}",
        p.severity(f.severity),
        p.bold(m.id),
        m.slug,
        f.message
    );
    line(s, "", &head, width);
    if let Some(v) = &f.value {
        if !f.message.contains(v.as_str()) {
            line(s, "    ", &format!("value: {v}"), width);
        }
    }
    for rel in &f.related {
        line(
            s,
            "    ",
            &format!("{}: {}", rel.location, rel.message),
            width,
        );
    }
    if !f.environments.is_empty() {
        line(
            s,
            "    ",
            &format!("in environments: {}", f.environments.join(", ")),
            width,
        );
    }
    if !roadmap {
        return;
    }
    if explained.insert(m.id) {
        line(s, "    ", &format!("risk: {}", m.risk), width);
        line(
            s,
            "    ",
            &format!("fix: {} (effort: {})", m.remediation, m.effort),
            width,
        );
    } else {
        line(
            s,
            "    ",
            &p.dim(&format!("risk and fix: as for {} above", m.id)),
            width,
        );
    }
}

/// `text` after `indent`, wrapped at word boundaries to `width` when given.
fn line(s: &mut String, indent: &str, text: &str, width: Option<usize>) {
    let Some(width) = width else {
        let _ = writeln!(s, "{indent}{text}");
        return;
    };
    let room = width.saturating_sub(indent.len() + 2).max(20);
    let mut current = String::new();
    let mut first = true;
    for word in text.split(' ') {
        if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > room {
            let lead = if first {
                indent.to_string()
            } else {
                format!("{indent}  ")
            };
            let _ = writeln!(s, "{lead}{current}");
            current.clear();
            first = false;
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    let lead = if first {
        indent.to_string()
    } else {
        format!("{indent}  ")
    };
    let _ = writeln!(s, "{lead}{current}");
}

/// The first lines of what a finding points at (up to three).
fn code_frame(s: &mut String, p: &Paint, r: &Report<'_>, loc: &tfready_model::Location) {
    let lines: Vec<(usize, String)> = frame::lines(r.project, loc)
        .into_iter()
        .take(3)
        .filter(|(n, _)| *n != 0)
        .collect();
    let width = lines
        .iter()
        .map(|(n, _)| n.to_string().len())
        .max()
        .unwrap_or(1);
    for (n, text) in lines
        .iter()
        .take(if loc.end_line > loc.line + 2 { 1 } else { 3 })
    {
        let _ = writeln!(
            s,
            "{} {} {text}",
            p.dim(&format!("{n:>width$}")),
            p.dim("|")
        );
    }
}

fn diagnostic(s: &mut String, p: &Paint, d: &Diagnostic) {
    let label = match d.severity {
        DiagSeverity::Error => p.severity(Severity::Critical).replace("CRITICAL", "ERROR"),
        DiagSeverity::Warning => p.severity(Severity::Medium).replace("MEDIUM", "WARNING"),
        DiagSeverity::Note => p.dim("NOTE"),
    };
    let _ = writeln!(
        s,
        "{label} [{}] {}:{}:{}: {}",
        d.code, d.location.file, d.location.line, d.location.column, d.message
    );
}

fn summary(s: &mut String, p: &Paint, r: &Report<'_>) {
    let sum = r.summary();
    let mut parts = Vec::new();
    for (n, sev) in sum.by_severity() {
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
