//! `audit --format markdown` is the roadmap: every section of the spec,
//! the Terraform `fix` writes for each gap with its cost, the gaps the
//! fixes bring (a WAF for the new load balancer), what each phase already
//! has, next steps, resources, and a rollback through `.tfready/backup/`.

use std::path::PathBuf;
use std::process::Command;

fn markdown(dir: &str, env: &str) -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = Command::new(env!("CARGO_BIN_EXE_tfready"))
        .args(["audit", root.join(dir).to_str().unwrap(), "--env", env])
        .args(["--format", "markdown"])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// The text of the `### N.M title` section of a roadmap.
fn section<'a>(md: &'a str, title: &str) -> &'a str {
    let start = md
        .find(&format!(" {title}\n"))
        .unwrap_or_else(|| panic!("no section {title:?}"));
    let rest = &md[start..];
    let end = rest[1..].find("\n### ").map_or(rest.len(), |e| e + 1);
    &rest[..end]
}

#[test]
fn the_roadmap_of_the_example_has_every_part_of_the_spec() {
    let md = markdown("examples/huron-pmo", "prod");
    for heading in [
        "## Executive Summary",
        "## 1. Critical Missing Components",
        "## 2. Important Missing Components",
        "## 5. Cost Impact Summary",
        "## 6. Implementation Phases",
        "## 7. Quick Wins",
        "### 8.2 Testing Checklist",
        "### 8.3 Rollback Plan",
        "## 9. Next Steps",
        "## 10. Resources",
    ] {
        assert!(md.contains(heading), "no {heading}");
    }
    // The gap's own Terraform and what it costs.
    let state = section(&md, "Terraform state is stored locally");
    assert!(
        state.contains("```diff") && state.contains("+  backend \"s3\" {"),
        "{state}"
    );
    assert!(state.contains("**Cost:** +$"), "{state}");
    // The WAF the new load balancer needs, though today's stack has none.
    let waf = section(&md, "Internet-facing load balancer or CDN without a WAF");
    assert!(
        waf.contains("comes with closing `no-load-balancer`"),
        "{waf}"
    );
    assert!(waf.contains("module `waf`"), "{waf}");
    // Multi-AZ is already configured for prod: phase 3 says so.
    assert!(md.contains("- [x] ~~Production database is not Multi-AZ~~ — closed (`TFR181`)"));
    let quick = &md[md.find("## 7. Quick Wins").unwrap()..md.find("## 8.").unwrap()];
    assert!(quick.contains("/month"), "{quick}");
    let rollback = &md[md.find("### 8.3 Rollback Plan").unwrap()..];
    assert!(rollback.contains(".tfready/backup/"), "{rollback}");
    assert!(!rollback.contains("git clean"), "{rollback}");
    assert!(md.contains("terraform apply -target=module.alb"));
    assert!(md.contains("](https://docs.aws.amazon.com/"));
    assert!(!md.contains("Hur0nPMO-prod-2024!"));
}

#[test]
fn the_roadmap_of_the_production_example_has_nothing_left() {
    let md = markdown("examples/huron-pmo-production", "prod");
    assert!(md.contains("0 gaps found"), "{md}");
    let phases = &md[md.find("## 6. Implementation Phases").unwrap()..md.find("## 7.").unwrap()];
    assert!(
        !phases.contains("- [ ] "),
        "an open item in the phases:\n{phases}"
    );
    assert!(phases.contains("- [x] ~~The application runs on a single instance"));
    assert!(md.contains("Nothing left for `tfready fix` to write."));
}
