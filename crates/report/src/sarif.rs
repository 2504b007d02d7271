//! `--format sarif`: SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure
//! DevOps). Rules come from the registry; suppressed findings are results
//! with a `suppressions` entry, as the spec of SARIF intends.

use serde_json::{json, Value};
use tfready_model::{DiagSeverity, Location};
use tfready_rules::{all_metas, find_rule, Finding, RuleMeta, Severity};

use std::io::{self, Write};

use crate::stream::{placeholder, write_document, Item, Producer};
use crate::Report;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// GitHub's `security-severity` property (0-10) orders code-scanning alerts.
fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "1.0",
    }
}

fn region(l: &Location) -> Value {
    // SARIF end columns are exclusive; ours are inclusive.
    json!({ "startLine": l.line, "startColumn": l.column, "endLine": l.end_line.max(l.line), "endColumn": l.end_column + 1 })
}

fn physical(l: &Location) -> Value {
    json!({ "physicalLocation": { "artifactLocation": { "uri": l.file, "uriBaseId": "SRCROOT" }, "region": region(l) } })
}

/// A fingerprint that survives line moves: rule, file and resource.
fn fingerprint(f: &Finding) -> String {
    let key = format!(
        "{}|{}|{}|{}",
        f.rule.id,
        f.location.file,
        f.resource.as_deref().unwrap_or(""),
        f.message
    );
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn result(f: &Finding, suppression: Option<(&str, &str)>) -> Value {
    let index = all_metas().position(|m| m.id == f.rule.id).unwrap_or(0);
    let mut r = json!({
        "ruleId": f.rule.id,
        "ruleIndex": index,
        "level": level(f.severity),
        "message": { "text": f.message },
        "locations": [physical(&f.location)],
        "partialFingerprints": { "tfready/v1": fingerprint(f) },
        "properties": { "severity": f.severity, "phase": f.rule.phase, "resource": f.resource, "value": f.value },
    });
    if !f.related.is_empty() {
        r["relatedLocations"] = f
            .related
            .iter()
            .enumerate()
            .map(|(i, rel)| {
                let mut l = physical(&rel.location);
                l["id"] = json!(i);
                l["message"] = json!({ "text": rel.message });
                l
            })
            .collect();
    }
    if let Some((kind, reason)) = suppression {
        r["suppressions"] = json!([{ "kind": kind, "justification": reason }]);
    }
    r
}

pub fn render_sarif(r: &Report<'_>) -> String {
    crate::to_string(|out| write_sarif(r, out))
}

/// Writes the SARIF log, results streamed one at a time.
pub fn write_sarif(r: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let rules: Vec<Value> = all_metas()
        .map(|m: &'static RuleMeta| {
            // Validator checks have no registry entry: their help is their remediation.
            let help = find_rule(m.id).map_or_else(
                || format!("# {} {}: {}\n\n{}", m.id, m.slug, m.title, m.remediation),
                tfready_rules::explain,
            );
            json!({
                "id": m.id,
                "name": m.slug,
                "shortDescription": { "text": m.title },
                "fullDescription": { "text": m.risk },
                "help": { "text": m.remediation, "markdown": help },
                "defaultConfiguration": { "level": level(m.severity) },
                "properties": {
                    "tags": ["terraform", "aws", "security"],
                    "security-severity": security_severity(m.severity),
                    "precision": "high",
                    "phase": m.phase,
                    "coverage_row": m.coverage_row,
                    "spec_section": m.spec_section,
                    "effort": m.effort,
                },
            })
        })
        .collect();
    let results = || -> Box<dyn Iterator<Item = Item<'_>> + '_> {
        let open = r.findings().iter().map(|f| result(f, None));
        Box::new(
            open.chain(r.suppressed().iter().map(|s| {
                let kind = if s.by == "inline" {
                    "inSource"
                } else {
                    "external"
                };
                result(&s.finding, Some((kind, &s.reason)))
            }))
            .map(Item::Value),
        )
    };
    let notifications: Vec<Value> = r
        .diagnostics()
        .iter()
        .map(|d| {
            json!({
                "level": match d.severity { DiagSeverity::Error => "error", DiagSeverity::Warning => "warning", DiagSeverity::Note => "note" },
                "message": { "text": format!("[{}] {}", d.code, d.message) },
                "locations": [physical(&d.location)],
            })
        })
        .collect();
    let root_uri = format!("file://{}/", r.project.root.display());
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "tfready",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            } },
            "originalUriBaseIds": { "SRCROOT": { "uri": root_uri } },
            "invocations": [{
                "executionSuccessful": r.summary().input_errors == 0,
                "toolExecutionNotifications": notifications,
            }],
            "results": placeholder("results"),
        }],
    });
    let lists: [(&str, Producer<'_>); 1] = [("results", &results)];
    write_document(r.project, &doc, &lists, out)
}
