//! `--format sarif`: SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure
//! DevOps). Rules come from the registry; suppressed findings are results
//! with a `suppressions` entry, as the spec of SARIF intends.

use std::borrow::Cow;
use std::collections::HashMap;

use serde::Serialize;
use serde_json::{json, Value};
use tfready_model::{DiagSeverity, Location};
use tfready_rules::{all_metas, find_rule, Finding, RuleMeta, Severity};

use std::io::{self, Write};

use crate::stream::{placeholder, write_document, Layout, Producer};
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

fn physical(l: &Location, root: Option<&str>) -> Value {
    serde_json::to_value(PhysicalOut::of(l, root)).unwrap_or(Value::Null)
}

/// A file of the root `root` (relative to the scanned directory) as a path
/// relative to that directory: `live/dev` and `../../modules/x/main.tf` give
/// `modules/x/main.tf`.
fn under<'a>(root: Option<&str>, file: &'a str) -> Cow<'a, str> {
    let Some(root) = root.filter(|r| *r != ".") else {
        return Cow::Borrowed(file);
    };
    let mut parts: Vec<&str> = Vec::new();
    for p in root.split('/').chain(file.split('/')) {
        match p {
            "." | "" => {}
            ".." if parts.last().is_some_and(|l| *l != "..") => {
                parts.pop();
            }
            _ => parts.push(p),
        }
    }
    Cow::Owned(parts.join("/"))
}

// The result objects are written straight from the finding (keys in
// alphabetical order, as the `serde_json` maps of the rest of the log sort
// theirs): a log of many thousand results builds no value per result.

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RegionOut {
    end_column: usize,
    end_line: usize,
    start_column: usize,
    start_line: usize,
}

impl RegionOut {
    fn of(l: &Location) -> Self {
        // SARIF end columns are exclusive; ours are inclusive.
        RegionOut {
            end_column: l.end_column + 1,
            end_line: l.end_line.max(l.line),
            start_column: l.column,
            start_line: l.line,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactOut<'a> {
    uri: Cow<'a, str>,
    uri_base_id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalInner<'a> {
    artifact_location: ArtifactOut<'a>,
    region: RegionOut,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalOut<'a> {
    physical_location: PhysicalInner<'a>,
}

impl<'a> PhysicalOut<'a> {
    /// `l`, its file relative to the scanned directory when it is a file
    /// of the root `root` of a recursive run.
    fn of(l: &'a Location, root: Option<&str>) -> Self {
        PhysicalOut {
            physical_location: PhysicalInner {
                artifact_location: ArtifactOut {
                    uri: under(root, &l.file),
                    uri_base_id: "SRCROOT",
                },
                region: RegionOut::of(l),
            },
        }
    }
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedOut<'a> {
    id: usize,
    message: Text<'a>,
    physical_location: PhysicalInner<'a>,
}

#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "tfready/v1")]
    v1: String,
}

#[derive(Serialize)]
struct PropertiesOut<'a> {
    phase: tfready_rules::Phase,
    resource: Option<&'a str>,
    /// The root of a recursive run the result is of.
    #[serde(skip_serializing_if = "Option::is_none")]
    root: Option<&'a str>,
    severity: Severity,
    value: Option<&'a str>,
}

#[derive(Serialize)]
struct SuppressionOut<'a> {
    justification: &'a str,
    kind: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ResultOut<'a> {
    level: &'static str,
    locations: [PhysicalOut<'a>; 1],
    message: Text<'a>,
    partial_fingerprints: Fingerprints,
    properties: PropertiesOut<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedOut<'a>>,
    rule_id: &'a str,
    rule_index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressions: Option<[SuppressionOut<'a>; 1]>,
}

/// A fingerprint that survives line moves: rule, file and resource.
fn fingerprint(f: &Finding) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let parts = [
        f.rule.id,
        f.location.file.as_str(),
        f.resource.as_deref().unwrap_or(""),
        f.message.as_str(),
    ];
    for (i, part) in parts.iter().enumerate() {
        let sep: &[u8] = if i == 0 { b"" } else { b"|" };
        for &b in sep.iter().chain(part.as_bytes()) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// Each rule's index in the log's `rules`, by id.
fn rule_indexes() -> HashMap<&'static str, usize> {
    all_metas().enumerate().map(|(i, m)| (m.id, i)).collect()
}

fn result<'a>(
    f: &'a Finding,
    index: &HashMap<&'static str, usize>,
    root: Option<&'a str>,
    suppression: Option<(&'static str, &'a str)>,
) -> ResultOut<'a> {
    ResultOut {
        level: level(f.severity),
        locations: [PhysicalOut::of(&f.location, root)],
        message: Text { text: &f.message },
        partial_fingerprints: Fingerprints { v1: fingerprint(f) },
        properties: PropertiesOut {
            phase: f.rule.phase,
            resource: f.resource.as_deref(),
            root,
            severity: f.severity,
            value: f.value.as_deref(),
        },
        related_locations: f
            .related
            .iter()
            .enumerate()
            .map(|(i, rel)| RelatedOut {
                id: i,
                message: Text { text: &rel.message },
                physical_location: PhysicalOut::of(&rel.location, root).physical_location,
            })
            .collect(),
        rule_id: f.rule.id,
        rule_index: index.get(f.rule.id).copied().unwrap_or(0),
        suppressions: suppression.map(|(kind, justification)| {
            [SuppressionOut {
                justification,
                kind,
            }]
        }),
    }
}

pub fn render_sarif(r: &Report<'_>) -> String {
    crate::to_string(|out| write_sarif(r, out))
}

/// Every rule of the registry as a SARIF `reportingDescriptor`.
fn rules() -> Vec<Value> {
    all_metas()
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
        .collect()
}

/// A SARIF log with one run, whose `results` is `results` (a value, or a
/// placeholder the writer replaces): the document `write_sarif` writes, and
/// a recursive run's merged log (`root` is then the scanned directory, and
/// the notifications are every root's).
pub fn sarif_log(
    root: &std::path::Path,
    successful: bool,
    notifications: Vec<Value>,
    results: Value,
) -> Value {
    let mut log = sarif_log_without_rules(root, successful, notifications, results);
    log["runs"][0]["tool"]["driver"]["rules"] = Value::Array(rules());
    log
}

/// [`sarif_log`] with an empty rule registry: a part of a recursive run,
/// whose merged log carries the registry once (the results' `ruleIndex`
/// points into it all the same).
fn sarif_log_without_rules(
    root: &std::path::Path,
    successful: bool,
    notifications: Vec<Value>,
    results: Value,
) -> Value {
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "tfready",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": [],
            } },
            "originalUriBaseIds": { "SRCROOT": { "uri": format!("file://{}/", root.display()) } },
            "invocations": invocations(successful, notifications),
            "results": results,
        }],
    })
}

/// A run's `invocations`: whether it succeeded, and its notifications.
pub fn invocations(successful: bool, notifications: Vec<Value>) -> Value {
    json!([{
        "executionSuccessful": successful,
        "toolExecutionNotifications": notifications,
    }])
}

/// Writes the SARIF log, results streamed one at a time. One root's of a
/// recursive run ([`Report::part_of`]) has no rule registry, which the
/// merged log carries once, its files relative to the scanned directory
/// and `properties.root` naming the root, so that its results are copied
/// into the merged log as they are written.
pub fn write_sarif(r: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let part_of = r.part_of;
    let index = rule_indexes();
    let index = &index;
    let results = || -> Box<dyn Iterator<Item = ResultOut<'_>> + '_> {
        let open = r
            .findings()
            .iter()
            .map(move |f| result(f, index, part_of, None));
        Box::new(open.chain(r.suppressed().iter().map(move |s| {
            let kind = if s.by == "inline" {
                "inSource"
            } else {
                "external"
            };
            result(&s.finding, index, part_of, Some((kind, &s.reason)))
        })))
    };
    let notifications: Vec<Value> = r
        .diagnostics()
        .iter()
        .map(|d| {
            json!({
                "level": match d.severity { DiagSeverity::Error => "error", DiagSeverity::Warning => "warning", DiagSeverity::Note => "note" },
                "message": { "text": format!("[{}] {}", d.code, d.message) },
                "locations": [physical(&d.location, part_of)],
            })
        })
        .collect();
    let successful = r.summary().input_errors == 0;
    let files_root = r.project.files_root.as_deref().unwrap_or(&r.project.root);
    let results_at = placeholder("results");
    let doc = if part_of.is_none() {
        sarif_log(files_root, successful, notifications, results_at)
    } else {
        sarif_log_without_rules(files_root, successful, notifications, results_at)
    };
    let lists: [(&str, Producer<'_, ResultOut<'_>>); 1] = [("results", &results)];
    write_document(r.project, &doc, &lists, Layout::Pretty, out)
}

#[cfg(test)]
mod tests {
    use super::under;

    #[test]
    fn a_roots_files_are_written_relative_to_the_scanned_directory() {
        assert_eq!(under(None, "main.tf"), "main.tf");
        assert_eq!(under(Some("."), "./main.tf"), "./main.tf");
        assert_eq!(under(Some("live/dev"), "main.tf"), "live/dev/main.tf");
        assert_eq!(
            under(Some("live/dev"), "../../modules/x/main.tf"),
            "modules/x/main.tf"
        );
        // Above the scanned directory: kept as `..`, never dropped.
        assert_eq!(under(Some("a"), "../../m/main.tf"), "../m/main.tf");
    }
}
