//! `--format html`: one self-contained page a team lead can open. It has
//! no scripts and loads nothing from the network. It shows the summary,
//! the monthly cost now and after each phase as an inline SVG chart, and
//! the findings by phase, each with its severity and file:line.

use std::fmt::Write as _;

use tfready_rules::{Phase, Severity};

use crate::markdown::Roadmap;
use crate::Report;

use crate::escape_markup as esc;

const STYLE: &str = "body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#1d232a;padding:0 1rem}\
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem}\
.muted{color:#57606a}.badges span{display:inline-block;margin:.2rem .4rem .2rem 0;padding:.15rem .6rem;border-radius:1rem;color:#fff;font-weight:600}\
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eaeef2;padding:.4rem .5rem;text-align:left;vertical-align:top}\
th{background:#f6f8fa}code{font:13px ui-monospace,monospace;background:#f6f8fa;padding:.1rem .3rem;border-radius:4px}\
.sev{color:#fff;border-radius:4px;padding:.05rem .4rem;font-size:12px;font-weight:700;white-space:nowrap}\
.critical{background:#a40e26}.high{background:#cf222e}.medium{background:#bf8700}.low{background:#0969da}.info{background:#6e7781}";

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "critical",
        Severity::High => "high",
        Severity::Medium => "medium",
        Severity::Low => "low",
        Severity::Info => "info",
    }
}

/// The page. `extra.phase_costs` feeds the chart (no chart without it).
pub fn render_html(r: &Report<'_>, extra: &Roadmap) -> String {
    let p = r.project;
    let sum = r.summary();
    let mut s = String::new();
    let title = format!("tfready: {}", p.display_root);
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">\
         <title>{}</title><style>{STYLE}</style></head><body>\n",
        esc(&title)
    );
    let _ = writeln!(
        s,
        "<h1>Production readiness: {}</h1><p class=\"muted\">{}tfready {} · {} findings, {} suppressed</p>",
        esc(&p.display_root),
        r.environment
            .map(|e| format!("environment {} · ", esc(e)))
            .unwrap_or_default(),
        env!("CARGO_PKG_VERSION"),
        sum.total,
        sum.suppressed
    );
    s.push_str("<div class=\"badges\" id=\"summary\">");
    for (n, sev) in sum.by_severity() {
        let _ = write!(
            s,
            "<span class=\"{}\">{n} {sev}</span>",
            severity_class(sev)
        );
    }
    s.push_str("</div>\n");
    if !extra.phase_costs.is_empty() {
        s.push_str("<h2>Monthly cost</h2>\n");
        s.push_str(&chart(&extra.phase_costs));
    }
    for phase in Phase::ALL {
        let list = crate::findings_of(r, Some(phase));
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(
            s,
            "<h2>{}</h2>\n<table class=\"findings\"><tr><th>Severity</th><th>Rule</th><th>Finding</th><th>Where</th><th>Fix</th></tr>",
            esc(phase.title())
        );
        for f in list {
            let _ = writeln!(
                s,
                "<tr class=\"finding\" data-rule=\"{id}\"><td><span class=\"sev {cls}\">{sev}</span></td><td><code>{id}</code> {slug}</td><td>{msg}</td><td><code>{loc}</code></td><td>{fix} <span class=\"muted\">({effort})</span></td></tr>",
                id = f.rule.id,
                cls = severity_class(f.severity),
                sev = f.severity,
                slug = esc(f.rule.slug),
                msg = esc(&f.message),
                loc = esc(&f.location.to_string()),
                fix = esc(f.rule.remediation),
                effort = esc(f.rule.effort),
            );
        }
        s.push_str("</table>\n");
    }
    if !r.diagnostics().is_empty() {
        s.push_str("<h2>Input problems</h2>\n<ul>");
        for d in r.diagnostics() {
            let _ = write!(
                s,
                "<li><code>{}:{}</code> [{}] {}</li>",
                esc(&d.location.file),
                d.location.line,
                d.code,
                esc(&d.message)
            );
        }
        s.push_str("</ul>\n");
    }
    s.push_str("</body></html>\n");
    p.scrub(&s)
}

/// Horizontal bars: the current monthly cost and the running total after
/// each phase; an unpriced row says so instead of drawing a bar.
fn chart(rows: &[(String, Option<f64>)]) -> String {
    let max = rows
        .iter()
        .filter_map(|(_, v)| *v)
        .fold(0.0_f64, f64::max)
        .max(1.0);
    let (label_w, bar_w, row_h) = (260.0, 620.0, 34.0);
    let height = row_h * rows.len() as f64 + 10.0;
    let mut s = format!(
        "<svg id=\"cost-chart\" role=\"img\" aria-label=\"Monthly cost now and after each phase\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{height}\" font-family=\"system-ui,sans-serif\" font-size=\"13\">",
        label_w + bar_w + 120.0
    );
    for (i, (label, value)) in rows.iter().enumerate() {
        let y = 5.0 + row_h * i as f64;
        let _ = write!(s, "<text x=\"0\" y=\"{}\">{}</text>", y + 20.0, esc(label));
        match value {
            Some(v) => {
                let w = (v / max * bar_w).max(2.0);
                let _ = write!(
                    s,
                    "<rect class=\"bar\" x=\"{label_w}\" y=\"{y}\" width=\"{w:.1}\" height=\"{}\" rx=\"3\" fill=\"#0969da\"/><text x=\"{:.1}\" y=\"{}\">${v:.2}</text>",
                    row_h - 10.0,
                    label_w + w + 8.0,
                    y + 20.0
                );
            }
            None => {
                let _ = write!(
                    s,
                    "<text x=\"{label_w}\" y=\"{}\" fill=\"#57606a\">unpriced</text>",
                    y + 20.0
                );
            }
        }
    }
    s.push_str("</svg>\n");
    s
}
