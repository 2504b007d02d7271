//! `--format json`: a stable, versioned document. Its schema is
//! `docs/json-schema.md`; bump `JSON_SCHEMA_VERSION` on any breaking change.

use serde::Serialize;
use serde_json::json;
use tfready_rules::Finding;

use std::io::{self, Write};

use crate::stream::{placeholder, write_document, Producer};
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
    fn of(f: &'a Finding) -> Self {
        let m = f.rule;
        FindingOut {
            coverage_row: m.coverage_row,
            effort: m.effort,
            environments: &f.environments,
            fixable: m.fixable(),
            location: (&f.location).into(),
            message: &f.message,
            phase: m.phase,
            reason: None,
            related: f
                .related
                .iter()
                .map(|r| RelatedOut {
                    location: (&r.location).into(),
                    message: &r.message,
                })
                .collect(),
            remediation: m.remediation,
            resource: f.resource.as_deref(),
            risk: m.risk,
            rule_id: m.id,
            severity: f.severity,
            slug: m.slug,
            spec_section: m.spec_section,
            suppressed_by: None,
            title: m.title,
            value: f.value.as_deref(),
        }
    }
}

pub fn render_json(r: &Report<'_>) -> String {
    crate::to_string(|out| write_json(r, out))
}

/// Writes the JSON report, findings streamed one at a time.
pub fn write_json(r: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let findings = || -> Box<dyn Iterator<Item = FindingOut<'_>> + '_> {
        Box::new(r.findings().iter().map(FindingOut::of))
    };
    let suppressed = || -> Box<dyn Iterator<Item = FindingOut<'_>> + '_> {
        Box::new(r.suppressed().iter().map(|s| {
            let mut f = FindingOut::of(&s.finding);
            f.suppressed_by = Some(s.by);
            f.reason = Some(&s.reason);
            f
        }))
    };
    let doc = json!({
        "schema_version": JSON_SCHEMA_VERSION,
        "tool": { "name": "tfready", "version": env!("CARGO_PKG_VERSION") },
        "command": r.command,
        "root": r.project.display_root,
        "environment": r.environment,
        "fail_on": r.fail_on,
        "summary": r.summary(),
        "findings": placeholder("findings"),
        "suppressed": placeholder("suppressed"),
        "diagnostics": r.diagnostics(),
    });
    let lists: [(&str, Producer<'_, FindingOut<'_>>); 2] =
        [("findings", &findings), ("suppressed", &suppressed)];
    write_document(r.project, &doc, &lists, out)
}
