//! `--format json`: a stable, versioned document. Its schema is
//! `docs/json-schema.md`; bump `JSON_SCHEMA_VERSION` on any breaking change.

use serde::Serialize;
use serde_json::{json, Value};
use tfready_rules::{Finding, Suppressed};

use std::io::{self, Write};

use crate::stream::{placeholder, write_document, Layout, Producer};
use crate::Report;

pub const JSON_SCHEMA_VERSION: u32 = 1;

/// A location as the JSON report writes it (keys in the document's
/// alphabetical order).
#[derive(Serialize)]
struct LocationOut<'a> {
    column: usize,
    end_column: usize,
    end_line: usize,
    file: &'a str,
    line: usize,
}

impl<'a> From<&'a tfready_model::Location> for LocationOut<'a> {
    fn from(l: &'a tfready_model::Location) -> Self {
        LocationOut {
            column: l.column,
            end_column: l.end_column,
            end_line: l.end_line,
            file: &l.file,
            line: l.line,
        }
    }
}

#[derive(Serialize)]
struct RelatedOut<'a> {
    location: LocationOut<'a>,
    message: &'a str,
}

/// One finding of the JSON report, borrowed from the finding and its rule:
/// written straight to the output, with no intermediate value. Keys are in
/// alphabetical order, as `docs/json-schema.md` shows them (the document's
/// other objects are `serde_json` maps, which sort their keys).
#[derive(Serialize)]
pub(crate) struct FindingOut<'a> {
    coverage_row: u8,
    effort: &'a str,
    environments: &'a [String],
    fixable: bool,
    location: LocationOut<'a>,
    message: &'a str,
    phase: tfready_rules::Phase,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    related: Vec<RelatedOut<'a>>,
    remediation: &'a str,
    resource: Option<&'a str>,
    risk: &'a str,
    rule_id: &'a str,
    severity: tfready_rules::Severity,
    slug: &'a str,
    spec_section: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressed_by: Option<&'a str>,
    title: &'a str,
    value: Option<&'a str>,
}

impl<'a> FindingOut<'a> {
    fn of(f: &'a Finding, suppressed: Option<&'a Suppressed>) -> Self {
        let m = f.rule;
        FindingOut {
            coverage_row: m.coverage_row,
            effort: m.effort,
            environments: &f.environments,
            fixable: m.fixable(),
            location: (&f.location).into(),
            message: &f.message,
            phase: m.phase,
            reason: suppressed.map(|s| s.reason.as_str()),
            related: related(f),
            remediation: m.remediation,
            resource: f.resource.as_deref(),
            risk: m.risk,
            rule_id: m.id,
            severity: f.severity,
            slug: m.slug,
            spec_section: m.spec_section,
            suppressed_by: suppressed.map(|s| s.by),
            title: m.title,
            value: f.value.as_deref(),
        }
    }
}

pub fn render_json(r: &Report<'_>) -> String {
    crate::to_string(|out| write_json(r, out))
}

/// `--compact` JSON, as a string (tests).
pub fn render_json_compact(r: &Report<'_>) -> String {
    crate::to_string(|out| write_json_compact(r, out))
}

/// Writes the JSON report, findings streamed one at a time.
pub fn write_json(r: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let doc = document(r, None);
    if r.part_of.is_some() {
        // An element of the merged `roots`, two levels deep.
        let mut out = Indented {
            out,
            at_line_start: true,
        };
        return write_lists(r, &doc, FindingOut::of, Layout::Pretty, &mut out);
    }
    write_lists(r, &doc, FindingOut::of, Layout::Pretty, out)
}

/// Writes through to `out` with four spaces at the start of each line.
struct Indented<'a> {
    out: &'a mut dyn Write,
    at_line_start: bool,
}

impl Write for Indented<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    fn write_all(&mut self, mut buf: &[u8]) -> io::Result<()> {
        while !buf.is_empty() {
            if std::mem::take(&mut self.at_line_start) {
                self.out.write_all(b"    ")?;
            }
            let line = buf
                .iter()
                .position(|&b| b == b'\n')
                .map_or(buf.len(), |i| i + 1);
            self.out.write_all(&buf[..line])?;
            self.at_line_start = buf[line - 1] == b'\n';
            buf = &buf[line..];
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Writes the `--compact` JSON report: the same document, but what a rule
/// says of all its findings (title, risk, remediation, ...) is written once,
/// under `rules`, and each finding carries only what is its own. No
/// indentation: one line for each top-level key and for each finding.
pub fn write_json_compact(r: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    // Each rule that has a finding, suppressed or not, once.
    let mut rules = serde_json::Map::new();
    let all = r.findings().iter();
    for f in all.chain(r.suppressed().iter().map(|s| &s.finding)) {
        if !rules.contains_key(f.rule.id) {
            let rule = serde_json::to_value(RuleOut::of(f.rule)).map_err(io::Error::other)?;
            rules.insert(f.rule.id.to_string(), rule);
        }
    }
    let doc = document(r, Some(Value::Object(rules)));
    write_lists(r, &doc, CompactOut::of, Layout::Lines, out)
}

/// Writes `doc` with its `findings` and `suppressed` lists produced while
/// it is written, each finding (with why it is suppressed, if it is) as
/// `of` makes it.
fn write_lists<'r, T: Serialize>(
    r: &'r Report<'_>,
    doc: &Value,
    of: fn(&'r Finding, Option<&'r Suppressed>) -> T,
    layout: Layout,
    out: &mut dyn Write,
) -> io::Result<()> {
    let findings = || -> Box<dyn Iterator<Item = T> + '_> {
        Box::new(r.findings().iter().map(move |f| of(f, None)))
    };
    let suppressed = || -> Box<dyn Iterator<Item = T> + '_> {
        Box::new(r.suppressed().iter().map(move |s| of(&s.finding, Some(s))))
    };
    let lists: [(&str, Producer<'_, T>); 2] =
        [("findings", &findings), ("suppressed", &suppressed)];
    write_document(r.project, doc, &lists, layout, out)
}

/// The document around the finding lists; `rules` for `--compact`.
fn document(r: &Report<'_>, rules: Option<Value>) -> Value {
    let mut doc = json!({
        "schema_version": JSON_SCHEMA_VERSION,
        "tool": { "name": "tfready", "version": env!("CARGO_PKG_VERSION") },
        "command": r.command,
        "root": r.part_of.unwrap_or(&r.project.display_root),
        "environment": r.environment,
        "fail_on": r.fail_on,
        "summary": r.summary(),
        "findings": placeholder("findings"),
        "suppressed": placeholder("suppressed"),
        "diagnostics": r.diagnostics(),
    });
    if let Some(rules) = rules {
        doc["compact"] = Value::Bool(true);
        doc["rules"] = rules;
    }
    doc
}

/// What a rule says of every one of its findings: written once a rule by
/// `--compact`, and in every finding otherwise.
#[derive(Serialize)]
struct RuleOut<'a> {
    coverage_row: u8,
    effort: &'a str,
    fixable: bool,
    phase: tfready_rules::Phase,
    remediation: &'a str,
    risk: &'a str,
    slug: &'a str,
    spec_section: &'a str,
    title: &'a str,
}

impl RuleOut<'static> {
    fn of(m: &'static tfready_rules::RuleMeta) -> Self {
        RuleOut {
            coverage_row: m.coverage_row,
            effort: m.effort,
            fixable: m.fixable(),
            phase: m.phase,
            remediation: m.remediation,
            risk: m.risk,
            slug: m.slug,
            spec_section: m.spec_section,
            title: m.title,
        }
    }
}

/// A finding of the `--compact` report: its own fields only; its rule's
/// are under the document's `rules`, by `rule_id`.
#[derive(Serialize)]
struct CompactOut<'a> {
    environments: &'a [String],
    location: LocationOut<'a>,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    related: Vec<RelatedOut<'a>>,
    resource: Option<&'a str>,
    rule_id: &'a str,
    severity: tfready_rules::Severity,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressed_by: Option<&'a str>,
    value: Option<&'a str>,
}

impl<'a> CompactOut<'a> {
    fn of(f: &'a Finding, suppressed: Option<&'a Suppressed>) -> Self {
        CompactOut {
            environments: &f.environments,
            location: (&f.location).into(),
            message: &f.message,
            reason: suppressed.map(|s| s.reason.as_str()),
            related: related(f),
            resource: f.resource.as_deref(),
            rule_id: f.rule.id,
            severity: f.severity,
            suppressed_by: suppressed.map(|s| s.by),
            value: f.value.as_deref(),
        }
    }
}

fn related(f: &Finding) -> Vec<RelatedOut<'_>> {
    f.related
        .iter()
        .map(|r| RelatedOut {
            location: (&r.location).into(),
            message: &r.message,
        })
        .collect()
}
