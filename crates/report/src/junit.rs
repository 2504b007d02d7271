//! `--format junit`: JUnit XML, one test suite a rule and one failing test
//! case a finding (a rule with no finding passes), for CI dashboards.

use std::fmt::Write as _;

use tfready_rules::{all_metas, Finding};

use crate::Report;

use crate::escape_markup as esc;

pub fn render_junit(r: &Report<'_>) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let total_failures = r.findings().len();
    let suites: Vec<_> = all_metas().collect();
    let tests: usize = suites
        .iter()
        .map(|rule| {
            r.findings()
                .iter()
                .filter(|f| f.rule.id == rule.id)
                .count()
                .max(1)
        })
        .sum();
    let _ = writeln!(
        s,
        "<testsuites name=\"tfready\" tests=\"{tests}\" failures=\"{total_failures}\">"
    );
    for m in suites {
        let findings: Vec<_> = r.findings().iter().filter(|f| f.rule.id == m.id).collect();
        let skipped: Vec<_> = r
            .suppressed()
            .iter()
            .filter(|f| f.finding.rule.id == m.id)
            .collect();
        let _ = writeln!(
            s,
            "  <testsuite name=\"{} {}\" tests=\"{}\" failures=\"{}\" skipped=\"{}\">",
            m.id,
            esc(m.slug),
            findings.len().max(1) + skipped.len(),
            findings.len(),
            skipped.len()
        );
        if findings.is_empty() {
            let _ = writeln!(
                s,
                "    <testcase name=\"{}\" classname=\"{}\"/>",
                esc(m.title),
                m.id
            );
        }
        for f in findings {
            open_testcase(&mut s, f, m.id);
            let _ = writeln!(
                s,
                "      <failure type=\"{}\" message=\"{}\">{}\nRisk: {}\nFix: {} (effort: {})</failure>",
                f.severity,
                esc(&f.message),
                esc(&f.location.to_string()),
                esc(m.risk),
                esc(m.remediation),
                esc(m.effort)
            );
            let _ = writeln!(s, "    </testcase>");
        }
        for sup in skipped {
            let f = &sup.finding;
            open_testcase(&mut s, f, m.id);
            let _ = writeln!(
                s,
                "      <skipped message=\"suppressed ({}): {}\"/>",
                sup.by,
                esc(&sup.reason)
            );
            let _ = writeln!(s, "    </testcase>");
        }
        let _ = writeln!(s, "  </testsuite>");
    }
    s.push_str("</testsuites>\n");
    r.scrub_encoded(s, esc)
}

/// A finding's `<testcase>` opening tag: named by its message, classed by
/// its rule, at its file and line.
fn open_testcase(s: &mut String, f: &Finding, rule: &str) {
    let _ = writeln!(
        s,
        "    <testcase name=\"{}\" classname=\"{rule}\" file=\"{}\" line=\"{}\">",
        esc(&f.message),
        esc(&f.location.file),
        f.location.line
    );
}
