//! `verify`'s report, one printer a format: terminal, JSON, JUnit (one test
//! case a check, for CI dashboards) and Markdown (for a ticket or a PR).

use tfready_aws::{Check, Status};

pub fn render(format: &str, checks: &[Check]) -> String {
    match format {
        "json" => serde_json::to_string_pretty(checks).expect("serializable") + "\n",
        "junit" => junit(checks),
        "markdown" => markdown(checks),
        _ => terminal(checks),
    }
}

fn word(s: Status) -> &'static str {
    match s {
        Status::Pass => "PASS",
        Status::Fail => "FAIL",
        Status::Skip => "SKIP",
    }
}

fn count(checks: &[Check], s: Status) -> usize {
    checks.iter().filter(|c| c.status == s).count()
}

fn summary(checks: &[Check]) -> String {
    format!(
        "{} checks: {} pass, {} fail, {} skipped",
        checks.len(),
        count(checks, Status::Pass),
        count(checks, Status::Fail),
        count(checks, Status::Skip)
    )
}

fn terminal(checks: &[Check]) -> String {
    let mut s = String::new();
    for c in checks {
        s.push_str(&format!(
            "{} {:<20} {} (spec {}: {})\n",
            word(c.status),
            c.id,
            c.title,
            c.spec_section,
            c.checklist_line
        ));
        for e in &c.evidence {
            s.push_str(&format!("       {e}\n"));
        }
    }
    s + &summary(checks) + "\n"
}

use tfready_report::escape_markup as xml;

fn junit(checks: &[Check]) -> String {
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"tfready verify\" tests=\"{}\" failures=\"{}\" skipped=\"{}\">\n  <testsuite name=\"tfready verify\" tests=\"{}\" failures=\"{}\" skipped=\"{}\">\n",
        checks.len(),
        count(checks, Status::Fail),
        count(checks, Status::Skip),
        checks.len(),
        count(checks, Status::Fail),
        count(checks, Status::Skip)
    );
    for c in checks {
        let evidence = xml(&c.evidence.join("\n"));
        s.push_str(&format!(
            "    <testcase classname=\"{}\" name=\"{}: {}\">\n",
            xml(&c.checklist_line),
            xml(&c.id),
            xml(&c.title)
        ));
        match c.status {
            Status::Fail => s.push_str(&format!(
                "      <failure message=\"{}\">{evidence}</failure>\n",
                xml(c.evidence.first().map_or("", String::as_str))
            )),
            Status::Skip => s.push_str(&format!(
                "      <skipped message=\"{}\"/>\n",
                xml(c.evidence.first().map_or("", String::as_str))
            )),
            Status::Pass => s.push_str(&format!("      <system-out>{evidence}</system-out>\n")),
        }
        s.push_str("    </testcase>\n");
    }
    s + "  </testsuite>\n</testsuites>\n"
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn markdown(checks: &[Check]) -> String {
    let mut s = String::from(
        "# tfready verify\n\n| Status | Check | Checklist line (spec) | Evidence |\n|---|---|---|---|\n",
    );
    for c in checks {
        s.push_str(&format!(
            "| {} | `{}` {} | {} ({}) | {} |\n",
            word(c.status),
            c.id,
            cell(&c.title),
            cell(&c.checklist_line),
            c.spec_section,
            c.evidence
                .iter()
                .map(|e| cell(e))
                .collect::<Vec<_>>()
                .join("<br>")
        ));
    }
    s + "\n" + &summary(checks) + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checks() -> Vec<Check> {
        let c = |id: &str, status, evidence: &str| Check {
            id: id.into(),
            title: format!("{id} title"),
            checklist_line: "Auto-scaling tested (scale up/down)".into(),
            spec_section: "§2.4".into(),
            status,
            evidence: vec![evidence.into()],
        };
        vec![
            c("exercise-scaling", Status::Pass, "scaled up 1 → 2 <fast>"),
            c("exercise-restore", Status::Fail, "no snapshot & no luck"),
            c("exercise-https", Status::Skip, "no domain | given"),
        ]
    }

    #[test]
    fn junit_has_one_case_a_check_with_failures_and_skips() {
        let x = render("junit", &checks());
        assert!(
            x.contains("tests=\"3\" failures=\"1\" skipped=\"1\""),
            "{x}"
        );
        assert!(
            x.contains("<failure message=\"no snapshot &amp; no luck\">"),
            "{x}"
        );
        assert!(
            x.contains("<skipped message=\"no domain | given\"/>"),
            "{x}"
        );
        assert!(x.contains("scaled up 1 → 2 &lt;fast&gt;"), "{x}");
        assert_eq!(x.matches("<testcase ").count(), 3);
    }

    #[test]
    fn markdown_is_a_table_with_escaped_cells() {
        let m = render("markdown", &checks());
        assert!(m.contains("| FAIL | `exercise-restore` exercise-restore title | Auto-scaling tested (scale up/down) (§2.4) | no snapshot & no luck |"), "{m}");
        assert!(m.contains("no domain \\| given"), "{m}");
        assert!(m.ends_with("3 checks: 1 pass, 1 fail, 1 skipped\n"), "{m}");
    }

    #[test]
    fn terminal_names_the_spec_section_once() {
        let t = render("terminal", &checks());
        assert!(t.contains("(spec §2.4: Auto-scaling tested"), "{t}");
        assert!(!t.contains("§§"), "{t}");
    }
}
