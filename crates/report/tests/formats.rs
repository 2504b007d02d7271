//! Every printer on the embedded example: structure, determinism, secrets.

use std::path::PathBuf;

use tfready_model::{LoadOptions, Project};
use tfready_report::{
    render_json, render_json_compact, render_junit, render_markdown, render_sarif, render_terminal,
    Report,
};
use tfready_rules::{all_metas, audit, Config, Severity};

const SECRET: &str = "Hur0nPMO-prod-2024!";

fn with_report<T>(f: impl Fn(&Report<'_>) -> T) -> T {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/huron-pmo");
    let project = Project::load(&root, &LoadOptions::default()).unwrap();
    let result = audit(&project, &Config::default());
    f(&Report {
        command: "audit",
        project: &project,
        result: &result,
        environment: None,
        fail_on: Severity::High,
        part_of: None,
    })
}

#[test]
fn markdown_is_the_roadmap_section_for_section() {
    let md = with_report(|r| render_markdown(r, &Default::default()));
    let headings = [
        "# Infrastructure Improvements & Production Readiness Guide",
        "## Executive Summary",
        "## Table of Contents",
        "## 1. Critical Missing Components",
        "## 2. Important Missing Components",
        "## 3. Nice-to-Have Components",
        "## 4. Configuration Improvements",
        "## 5. Cost Impact Summary",
        "## 6. Implementation Phases",
        "### Phase 1: Critical (do immediately)",
        "### Phase 4: Optimization (nice to have)",
        "## 7. Quick Wins",
        "## 8. Implementation Guides",
        "### 8.1 Getting Started with Phase 1",
        "### 8.2 Testing Checklist",
        "### 8.3 Rollback Plan",
    ];
    let mut at = 0;
    for h in headings {
        let i = md[at..]
            .find(&format!("{h}\n"))
            .unwrap_or_else(|| panic!("{h:?} missing or out of order"));
        at += i;
    }
    assert!(
        md.contains("- ✅ VPC with 4 subnets (2 public, 2 private)"),
        "{md}"
    );
    assert!(md.contains("- ⚠️ Terraform state is stored locally (critical)"));
    assert!(md.contains("**Location:** `main.tf:16-18`"));
    assert!(md.contains("- [ ] Remote state working (team can collaborate)"));
}

#[test]
fn sarif_has_the_registry_rules_and_regions() {
    let doc: serde_json::Value = serde_json::from_str(&with_report(render_sarif)).unwrap();
    assert_eq!(doc["version"], "2.1.0");
    let run = &doc["runs"][0];
    assert_eq!(
        run["tool"]["driver"]["rules"].as_array().unwrap().len(),
        all_metas().count()
    );
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1);
        let idx = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(run["tool"]["driver"]["rules"][idx]["id"], r["ruleId"]);
    }
    let state = results.iter().find(|r| r["ruleId"] == "TFR011").unwrap();
    assert_eq!(state["level"], "error");
    assert_eq!(
        state["locations"][0]["physicalLocation"]["region"]["startLine"],
        16
    );
}

#[test]
fn junit_has_a_suite_a_rule_and_a_failure_a_finding() {
    let (xml, findings) = with_report(|r| (render_junit(r), r.findings().len()));
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"));
    assert_eq!(xml.matches("<testsuite ").count(), all_metas().count());
    assert_eq!(xml.matches("<failure ").count(), findings);
    assert!(xml.trim_end().ends_with("</testsuites>"));
}

#[test]
fn every_format_is_deterministic_and_secret_free() {
    for render in [
        |r: &Report<'_>| render_json(r),
        |r: &Report<'_>| render_json_compact(r),
        |r: &Report<'_>| render_sarif(r),
        |r: &Report<'_>| render_junit(r),
        |r: &Report<'_>| render_markdown(r, &Default::default()),
        |r: &Report<'_>| render_terminal(r, true, false),
        |r: &Report<'_>| {
            let roadmap = tfready_report::Roadmap {
                phase_costs: vec![("Today".into(), Some(10.0)), ("After".into(), None)],
                ..Default::default()
            };
            tfready_report::render_html(r, &roadmap)
        },
    ] {
        let a = with_report(render);
        let b = with_report(render);
        assert_eq!(a, b);
        assert!(!a.contains(SECRET));
    }
}

#[test]
fn streamed_output_is_scrubbed_even_when_a_secret_arrives_in_pieces() {
    use std::io::Write;
    let text = with_report(|r| {
        let mut sink = Vec::new();
        let mut out = tfready_report::Scrubbed::new(r.project, &mut sink);
        let line = format!("password = \"{SECRET}\"\nnext line\nlast");
        for piece in line.as_bytes().chunks(3) {
            out.write_all(piece).unwrap();
        }
        out.finish().unwrap();
        String::from_utf8(sink).unwrap()
    });
    assert_eq!(text, "password = \"***\"\nnext line\nlast");
}

#[test]
fn streamed_json_is_the_document_whole() {
    // The lists are produced while writing: the document must still parse
    // and hold every finding, in order.
    let (doc, findings) = with_report(|r| {
        let doc: serde_json::Value = serde_json::from_str(&render_json(r)).unwrap();
        (doc, r.findings().len())
    });
    let list = doc["findings"].as_array().unwrap();
    assert_eq!(list.len(), findings);
    assert!(findings > 10);
    assert!(list.iter().all(|f| f["rule_id"].is_string()));
    assert!(doc["suppressed"].is_array());
}

#[test]
fn compact_json_is_the_full_document_with_each_rules_text_once() {
    let (full, compact) = with_report(|r| (render_json(r), render_json_compact(r)));
    let full: serde_json::Value = serde_json::from_str(&full).unwrap();
    let compact_doc: serde_json::Value = serde_json::from_str(&compact).unwrap();
    assert_eq!(compact_doc["compact"], true);
    // Every field but the findings' is the same.
    for key in [
        "schema_version",
        "tool",
        "command",
        "root",
        "environment",
        "fail_on",
        "summary",
        "diagnostics",
    ] {
        assert_eq!(full[key], compact_doc[key], "{key}");
    }
    // A finding of the full report is its compact finding plus its rule.
    let rules = compact_doc["rules"].as_object().unwrap();
    for list in ["findings", "suppressed"] {
        let (a, b) = (
            full[list].as_array().unwrap(),
            compact_doc[list].as_array().unwrap(),
        );
        assert_eq!(a.len(), b.len());
        for (f, c) in a.iter().zip(b) {
            let mut joined = c.as_object().unwrap().clone();
            assert!(!joined.contains_key("title"), "{c}");
            let rule = &rules[c["rule_id"].as_str().unwrap()];
            joined.extend(rule.as_object().unwrap().clone());
            assert_eq!(f, &serde_json::Value::Object(joined));
        }
    }
    // Only the rules reported, each once.
    let used: std::collections::BTreeSet<&str> = compact_doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules
            .keys()
            .map(String::as_str)
            .collect::<std::collections::BTreeSet<_>>(),
        used
    );
    // A finding a line.
    let lines = compact
        .lines()
        .filter(|l| l.contains("\"rule_id\":"))
        .count();
    assert_eq!(lines, full["findings"].as_array().unwrap().len());
}
