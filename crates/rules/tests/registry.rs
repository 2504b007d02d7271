//! Invariants of the rule registry.

use std::collections::HashSet;
use std::path::PathBuf;

use tfready_rules::{decisions_markdown, rules_markdown, DOC_HEADINGS, RULES};

#[test]
fn ids_and_slugs_are_unique_and_well_formed() {
    let mut ids = HashSet::new();
    let mut slugs = HashSet::new();
    for r in RULES {
        let m = r.meta;
        assert!(ids.insert(m.id), "duplicate id {}", m.id);
        // What a rule prices is what its fixer adds: none without one.
        assert!(
            m.fixable() || m.prices.is_empty(),
            "{} names prices but no fixer",
            m.id
        );
        assert!(slugs.insert(m.slug), "duplicate slug {}", m.slug);
        assert!(
            m.id.len() == 6
                && m.id.starts_with("TFR")
                && m.id[3..].chars().all(|c| c.is_ascii_digit()),
            "bad id {}",
            m.id
        );
        assert!(
            m.slug
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "bad slug {}",
            m.slug
        );
        // The id encodes the coverage row: TFR + row (2 digits) + sequence.
        if m.coverage_row > 0 {
            assert_eq!(
                &m.id[3..5],
                format!("{:02}", m.coverage_row),
                "{} is not in row {}",
                m.id,
                m.coverage_row
            );
        } else {
            assert!(
                m.id.starts_with("TFR9"),
                "hygiene rule {} must be TFR9xx",
                m.id
            );
        }
        for (field, text) in [
            ("title", m.title),
            ("risk", m.risk),
            ("remediation", m.remediation),
            ("effort", m.effort),
            ("spec_section", m.spec_section),
        ] {
            assert!(!text.trim().is_empty(), "{}: empty {field}", m.id);
        }
    }
}

#[test]
fn docs_have_every_heading_in_order() {
    for r in RULES {
        let docs = r.docs();
        let mut at = 0;
        for h in DOC_HEADINGS {
            let i = docs[at..].find(h).unwrap_or_else(|| {
                panic!(
                    "{}: docs lack {h:?} (after the previous heading)",
                    r.meta.id
                )
            });
            at += i + h.len();
        }
    }
}

#[test]
fn every_rule_has_good_and_bad_fixtures() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for r in RULES {
        let folder = tfready_rules::rule_folder(r.meta.id).expect("every rule has a folder");
        let dir = root.join(folder).join("fixtures");
        let names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|_| panic!("{}: missing {}", r.meta.id, dir.display()))
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        assert!(
            names.iter().any(|n| n.starts_with("good")),
            "{}: no good fixture",
            r.meta.id
        );
        assert!(
            names.iter().any(|n| n.starts_with("bad")),
            "{}: no bad fixture",
            r.meta.id
        );
    }
}

#[test]
fn docs_rules_md_is_generated_from_the_registry() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md");
    let want = rules_markdown();
    if std::env::var_os("TFREADY_BLESS").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(have == want, "docs/rules.md is stale: run `cargo run -p tfready -- rules --markdown > docs/rules.md` (or TFREADY_BLESS=1 cargo test -p tfready-rules)");
}

#[test]
fn docs_rule_decisions_md_is_generated_from_the_registry() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/rule-decisions.md");
    let want = decisions_markdown();
    if std::env::var_os("TFREADY_BLESS").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(have == want, "docs/rule-decisions.md is stale: run `cargo run -p tfready -- rules --decisions > docs/rule-decisions.md` (or TFREADY_BLESS=1 cargo test -p tfready-rules)");
}

/// A rule is found by its slug: its folder is `src/rules/<area>/<slug>/`
/// (build.rs lists every folder that holds a `RULE`, so none is missed).
#[test]
fn every_rule_folder_is_named_by_its_slug() {
    for r in tfready_rules::RULES {
        let folder = tfready_rules::rule_folder(r.meta.id).expect("every rule has a folder");
        let name = folder.rsplit('/').next().unwrap();
        assert_eq!(name, r.meta.slug.replace('-', "_"), "{folder}");
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(folder);
        assert!(path.join("mod.rs").is_file(), "{}", path.display());
    }
}

/// The templates a rule folder holds reach the binary with their manifest
/// entries (built by build.rs): every entry names files that are there,
/// and every module folder has an entry, so a template cannot be written
/// without being priced, nor priced without being written.
#[test]
fn every_template_has_a_manifest_entry_and_every_entry_its_files() {
    use tfready_rules::fixing::templates::{manifest, FILES};
    let manifest: toml::Table = toml::from_str(manifest()).expect("the manifest parses");
    let entries = manifest["template"]
        .as_array()
        .expect("[[template]] entries");
    let mut paths = Vec::new();
    for e in entries {
        let name = e["name"].as_str().unwrap();
        let path = e["path"].as_str().unwrap();
        let there = FILES
            .iter()
            .any(|(p, _)| *p == path || p.starts_with(&format!("{path}/")));
        assert!(there, "{name}: no template at {path}");
        paths.push(path.to_string());
    }
    assert!(entries.len() > 10, "the rule folders' templates are found");
    for (p, _) in FILES {
        if let Some(rest) = p.strip_prefix("modules/") {
            let module = format!("modules/{}", rest.split('/').next().unwrap());
            assert!(paths.contains(&module), "{module} has no template.toml");
        } else if p.starts_with("snippets/") {
            assert!(paths.iter().any(|x| x == p), "{p} has no manifest entry");
        }
    }
}
