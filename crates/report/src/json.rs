//! `--format json`: a stable, versioned document. Its schema is
//! `docs/json-schema.md`; bump `JSON_SCHEMA_VERSION` on any breaking change.

use serde_json::{json, Value};
use tfready_rules::Finding;

use std::io::{self, Write};

use crate::stream::{placeholder, write_document, Producer};
use crate::Report;

pub const JSON_SCHEMA_VERSION: u32 = 1;

pub fn finding_json(f: &Finding) -> Value {
    let m = f.rule;
    json!({
        "rule_id": m.id,
        "slug": m.slug,
        "title": m.title,
        "severity": f.severity,
        "phase": m.phase,
        "coverage_row": m.coverage_row,
        "spec_section": m.spec_section,
        "location": f.location,
        "message": f.message,
        "value": f.value,
        "resource": f.resource,
        "risk": m.risk,
        "remediation": m.remediation,
        "effort": m.effort,
        "fixable": m.fixable(),
        "related": f.related,
        "environments": f.environments,
    })
}

pub fn render_json(r: &Report<'_>) -> String {
    crate::to_string(|out| write_json(r, out))
}

/// Writes the JSON report, findings streamed one at a time.
pub fn write_json(r: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let findings = || -> Box<dyn Iterator<Item = Value> + '_> {
        Box::new(r.findings().iter().map(finding_json))
    };
    let suppressed = || -> Box<dyn Iterator<Item = Value> + '_> {
        Box::new(r.suppressed().iter().map(|s| {
            let mut v = finding_json(&s.finding);
            v["suppressed_by"] = json!(s.by);
            v["reason"] = json!(s.reason);
            v
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
    let lists: [(&str, Producer<'_>); 2] = [("findings", &findings), ("suppressed", &suppressed)];
    write_document(r.project, &doc, &lists, out)
}
