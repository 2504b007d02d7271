//! Good and bad fixtures for every check, under `tests/fixtures/<code>/`.
//!
//! * `good/`: a project that must get no problem of that code (nor, to keep
//!   the fixtures honest, any other);
//! * `bad/`: a project whose problems must be exactly the ones announced by
//!   `# expect: code[, code]` comments, on the line the problem points at
//!   (every code counts, so bad fixtures are otherwise clean).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tfready_validate::{checks, validate, Problem};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn load(dir: &Path) -> Vec<Problem> {
    let project = tfready_model::Project::load(dir, &Default::default())
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    validate(&project)
}

fn tf_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            tf_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "tf") {
            out.push(p);
        }
    }
}

/// (file relative to the fixture root, line, code) for each `# expect:`.
fn expected(dir: &Path) -> BTreeMap<(String, usize, String), usize> {
    let mut files = Vec::new();
    tf_files(dir, &mut files);
    let mut out = BTreeMap::new();
    for f in files {
        let rel = f
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        for (i, line) in std::fs::read_to_string(&f).unwrap().lines().enumerate() {
            if let Some((_, codes)) = line.split_once("# expect:") {
                for code in codes.split(',').map(str::trim).filter(|c| !c.is_empty()) {
                    *out.entry((rel.clone(), i + 1, code.to_string()))
                        .or_insert(0) += 1;
                }
            }
        }
    }
    out
}

fn actual(problems: &[Problem]) -> BTreeMap<(String, usize, String), usize> {
    let mut out = BTreeMap::new();
    for p in problems {
        *out.entry((p.location.file.clone(), p.location.line, p.code.to_string()))
            .or_insert(0) += 1;
    }
    out
}

fn show(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| {
            format!(
                "  {} {} [{}] {}\n",
                p.location, p.severity, p.code, p.message
            )
        })
        .collect()
}

#[test]
fn every_check_has_a_good_and_a_bad_fixture() {
    let mut missing = Vec::new();
    for c in checks() {
        for kind in ["good", "bad"] {
            let dir = fixtures().join(c.code).join(kind);
            let mut files = Vec::new();
            if dir.is_dir() {
                tf_files(&dir, &mut files);
            }
            if files.is_empty() {
                missing.push(format!("{}/{kind}", c.code));
            }
        }
    }
    assert!(missing.is_empty(), "fixtures missing: {missing:?}");
}

#[test]
fn good_fixtures_have_no_problems() {
    let mut failures = String::new();
    for c in checks() {
        let dir = fixtures().join(c.code).join("good");
        if !dir.is_dir() {
            continue;
        }
        let problems = load(&dir);
        let own: Vec<Problem> = problems
            .iter()
            .filter(|p| p.code == c.code)
            .cloned()
            .collect();
        if !own.is_empty() {
            failures.push_str(&format!("{}/good:\n{}", c.code, show(&own)));
        }
    }
    assert!(failures.is_empty(), "\n{failures}");
}

#[test]
fn bad_fixtures_report_exactly_the_expected_problems() {
    let mut failures = String::new();
    for c in checks() {
        let dir = fixtures().join(c.code).join("bad");
        if !dir.is_dir() {
            continue;
        }
        let problems = load(&dir);
        let want = expected(&dir);
        let got = actual(&problems);
        assert!(
            want.keys().any(|(_, _, code)| code == c.code),
            "{}/bad announces no problem of its own code",
            c.code
        );
        if want != got {
            let missing: Vec<_> = want
                .iter()
                .filter(|(k, n)| got.get(*k) != Some(n))
                .map(|(k, _)| k)
                .collect();
            let extra: Vec<_> = got
                .iter()
                .filter(|(k, n)| want.get(*k) != Some(n))
                .map(|(k, _)| k)
                .collect();
            failures.push_str(&format!(
                "{}/bad:\n  expected but not reported (or count differs): {missing:?}\n  reported but not expected: {extra:?}\n{}",
                c.code,
                show(&problems)
            ));
        }
    }
    assert!(failures.is_empty(), "\n{failures}");
}

#[test]
fn problems_serialize_to_json() {
    let problems = load(&fixtures().join("backend-unknown-argument/bad"));
    let json = serde_json::to_value(&problems).unwrap();
    let first = &json[0];
    assert_eq!(first["severity"], "error");
    assert_eq!(first["code"], "backend-unknown-argument");
    assert!(first["location"]["line"].as_u64().unwrap() > 0);
    assert!(first["fix"].as_str().is_some_and(|f| !f.is_empty()));
}

/// `fixtures/clean` uses most of the language (for expressions, template
/// directives, dynamic blocks with iterators, splats, module for_each,
/// provider aliases and configuration_aliases, moved/import/removed/check
/// blocks, provider functions, other providers): no false positives.
#[test]
fn a_project_using_most_of_the_language_is_clean() {
    let problems = load(&fixtures().join("clean"));
    assert!(problems.is_empty(), "\n{}", show(&problems));
}
