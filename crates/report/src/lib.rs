//! Rendering what a run found: one printer a format. Printers write to the
//! writer they are given (the long formats stream, a finding at a time) or
//! return text; only the binary chooses where output goes.
#![warn(clippy::print_stdout, clippy::print_stderr)]

mod concise;
mod frame;
mod html;
mod json;
mod junit;
mod markdown;
mod sarif;
mod stream;
mod terminal;

use serde::Serialize;
use tfready_model::{DiagSeverity, Diagnostic, Project};
use tfready_rules::{AuditResult, Finding, Phase, Severity, Suppressed};

pub use concise::{render_concise, write_concise};
pub use html::render_html;
pub use json::{
    render_json, render_json_compact, write_json, write_json_compact, JSON_SCHEMA_VERSION,
};
pub use junit::render_junit;
pub use markdown::{render_markdown, Roadmap};
pub use sarif::{invocations, render_sarif, sarif_log, write_sarif};
pub use stream::Scrubbed;
pub use terminal::{render_terminal, write_terminal};

/// Text for XML and HTML: the five markup characters as entities, and the
/// control characters XML 1.0 cannot carry dropped.
pub fn escape_markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// Findings of one phase (every finding for `None`), most severe first,
/// then in report order.
fn findings_of<'a>(r: &'a Report<'_>, phase: Option<Phase>) -> Vec<&'a Finding> {
    let mut list: Vec<&Finding> = r
        .findings()
        .iter()
        .filter(|f| phase.is_none_or(|p| f.rule.phase == p))
        .collect();
    list.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.sort_key().cmp(&b.sort_key()))
    });
    list
}

/// A streaming printer's output as text (tests, small reports).
fn to_string(write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>) -> String {
    let mut out = Vec::new();
    write(&mut out).expect("writing to memory does not fail");
    String::from_utf8(out).expect("printers write UTF-8")
}

/// Everything a printer needs about one audit.
pub struct Report<'a> {
    /// The command whose result this is (`audit`, `validate`).
    pub command: &'a str,
    pub project: &'a Project,
    pub result: &'a AuditResult,
    /// `--env`, if one was chosen.
    pub environment: Option<&'a str>,
    pub fail_on: Severity,
    /// When this is one root's report in a recursive run: the root's path
    /// relative to the scanned directory. JSON then names it as `root` and
    /// is indented as an element of the merged `roots`; SARIF writes its
    /// files relative to the scanned directory and no rule registry. Either
    /// way the merged report copies it as it is written.
    pub part_of: Option<&'a str>,
}

#[derive(Debug, Default, Clone, Serialize, PartialEq, Eq)]
pub struct Summary {
    pub critical: usize,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    pub info: usize,
    pub total: usize,
    pub suppressed: usize,
    /// Input problems that are errors (files that did not parse, ...).
    pub input_errors: usize,
}

impl Summary {
    /// The count of each severity, most severe first.
    pub fn by_severity(&self) -> [(usize, Severity); 5] {
        [
            (self.critical, Severity::Critical),
            (self.high, Severity::High),
            (self.medium, Severity::Medium),
            (self.low, Severity::Low),
            (self.info, Severity::Info),
        ]
    }
}

impl Report<'_> {
    pub fn findings(&self) -> &[Finding] {
        &self.result.findings
    }

    pub fn suppressed(&self) -> &[Suppressed] {
        &self.result.suppressed
    }

    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.project.diagnostics
    }

    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for f in self.findings() {
            match f.severity {
                Severity::Critical => s.critical += 1,
                Severity::High => s.high += 1,
                Severity::Medium => s.medium += 1,
                Severity::Low => s.low += 1,
                Severity::Info => s.info += 1,
            }
        }
        s.total = self.findings().len();
        s.suppressed = self.suppressed().len();
        s.input_errors = self
            .diagnostics()
            .iter()
            .filter(|d| d.severity == DiagSeverity::Error)
            .count();
        s
    }

    /// Whether findings reach the `--fail-on` threshold.
    pub fn fails(&self) -> bool {
        self.findings().iter().any(|f| f.severity >= self.fail_on)
    }

    /// Output text with every known secret removed: defence in depth over
    /// the per-value redaction the model already does.
    pub fn scrub(&self, text: String) -> String {
        self.project.scrub(&text)
    }

    /// [`Report::scrub`] for text already encoded by `encode` (XML): each
    /// secret is removed in its encoded form, so the redaction cannot cut
    /// through the format's syntax.
    pub(crate) fn scrub_encoded(&self, text: String, encode: impl Fn(&str) -> String) -> String {
        let encoded: Vec<String> = self
            .project
            .line_patterns()
            .into_iter()
            .map(encode)
            .collect();
        tfready_model::secrets::scrub(&text, &encoded)
    }
}
