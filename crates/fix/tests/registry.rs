//! The link between rules and fixers is written once, on the rule
//! (`RuleMeta::fixer`): every name resolves, every fixer closes something,
//! and `fix` on a fixable rule's bad fixture leaves no finding of that rule
//! and a second run changes nothing; what the fix adds to the bill is what
//! the rule says it prices (`RuleMeta::prices`).

use std::path::{Path, PathBuf};

use tfready_fix::{apply, fixers, plan, FixOptions};
use tfready_model::{LoadOptions, Project};
use tfready_rules::{audit, Config, RULES};

#[test]
fn every_fixer_is_named_by_a_rule_runs_in_one_place_and_needs_what_exists() {
    let all = fixers();
    assert!(all.len() > 20, "the fixers are found through the rules");
    for f in all {
        assert!(f.rules().next().is_some(), "no rule names fixer {}", f.id);
        for need in f.needs {
            assert!(
                all.iter().any(|x| x.id == *need),
                "{} needs {need}, which no rule's fixer is",
                f.id
            );
        }
        let same_order: Vec<&str> = all
            .iter()
            .filter(|x| x.order == f.order)
            .map(|x| x.id)
            .collect();
        assert_eq!(same_order, [f.id], "fixers share order {}", f.order);
    }
    // Two fixers with one id would be one fixer run twice or never.
    let mut ids: Vec<&str> = all.iter().map(|f| f.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all.len());
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// A rule's fixtures: `fixtures/` in its folder.
fn fixtures(id: &str) -> PathBuf {
    let folder = tfready_rules::rule_folder(id).expect("every rule has a folder");
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../rules")
        .join(folder)
        .join("fixtures")
}

/// Bad fixtures too small for their fix (the corpus test covers these on
/// whole stacks), and what the fix cannot do yet. Each must still fail here,
/// so the list shrinks when a fixture or a fixer grows.
const NOT_ON_THE_FIXTURE: &[(&str, &str)] = &[
    (
        "TFR031",
        "TLS moves to a load balancer, which needs a VPC and subnets",
    ),
    ("TFR041", "a load balancer needs the VPC and public subnets"),
    (
        "TFR061",
        "ElastiCache needs the VPC, private subnets and the app's group",
    ),
    ("TFR192", "network ACLs need subnets to attach to"),
    (
        "TFR091",
        "an Auto Scaling group needs a target group, public subnets and the app's security group",
    ),
    (
        "TFR942",
        "a redirect needs port 443 open on the load balancer's groups, which the fixture lacks",
    ),
    (
        "TFR071",
        "not written yet: a CLOUDFRONT-scope web ACL for a distribution",
    ),
];

/// The resource types the fix puts on the bill: a line that costs money
/// added (one of its price keys is above $0 in the embedded list's
/// us-east-1, whatever the stack's region), or a line whose price keys or
/// monthly figure changed.
fn repriced(before: &Project, after: &Project) -> std::collections::BTreeSet<String> {
    use std::collections::{BTreeMap, BTreeSet};
    let lines = |p: &Project| {
        let e = tfready_cost::estimate(
            p,
            tfready_cost::PriceList::embedded(),
            &tfready_cost::Usage::defaults(),
        );
        e.items
            .into_iter()
            .filter(|i| i.status != tfready_cost::Status::Free)
            .map(|i| (i.address.clone(), i))
            .collect::<BTreeMap<_, _>>()
    };
    let (b, a) = (lines(before), lines(after));
    fn keys(i: &tfready_cost::LineItem) -> BTreeSet<&String> {
        i.price_keys.iter().collect()
    }
    a.values()
        .filter(|i| match b.get(&i.address) {
            None => i.price_keys.iter().any(|k| {
                tfready_cost::PriceList::embedded()
                    .lookup(k, "us-east-1")
                    .is_some_and(|p| p.usd > 0.0)
            }),
            Some(old) => {
                keys(old) != keys(i)
                    || match (old.monthly_usd, i.monthly_usd) {
                        (Some(x), Some(y)) => (x - y).abs() >= 0.005,
                        (x, y) => x.is_some() != y.is_some(),
                    }
            }
        })
        .map(|i| i.resource_type.clone())
        .collect()
}

#[test]
fn fixing_a_rules_bad_fixture_leaves_no_finding_of_it() {
    let mut failures = Vec::new();
    for r in RULES.iter().filter(|r| r.meta.fixable()) {
        let bad = fixtures(r.meta.id).join("bad");
        if !bad.is_dir() {
            continue;
        }
        let tmp = tempfile::tempdir().unwrap();
        copy_dir(&bad, tmp.path());
        let opts = FixOptions {
            rules: vec![r.meta.id.to_string()],
            ..FixOptions::default()
        };
        let before = Project::load(tmp.path(), &LoadOptions::default()).unwrap();
        let fix = plan(&before, &opts);
        apply(tmp.path(), &fix.changes).unwrap();
        let after = Project::load(tmp.path(), &LoadOptions::default()).unwrap();
        let left: Vec<String> = audit(&after, &Config::default())
            .findings
            .iter()
            .filter(|f| f.rule.id == r.meta.id)
            .map(|f| format!("{} {}", f.location, f.message))
            .collect();
        let excused = NOT_ON_THE_FIXTURE.iter().any(|(id, _)| *id == r.meta.id);
        if !left.is_empty() && !excused {
            failures.push(format!(
                "{}: {left:?}\n  next steps: {:?}",
                r.meta.id, fix.next_steps
            ));
        }
        if left.is_empty() && excused {
            failures.push(format!(
                "{}: now fixed on its fixture; drop it from NOT_ON_THE_FIXTURE",
                r.meta.id
            ));
        }
        if !plan(&after, &opts).changes.is_empty() {
            failures.push(format!("{}: a second run changes something", r.meta.id));
        }
        let priced = repriced(&before, &after);
        let named: std::collections::BTreeSet<String> =
            r.meta.prices.iter().map(|t| t.to_string()).collect();
        if !excused && priced != named {
            failures.push(format!(
                "{}: the fix changes the monthly cost of {priced:?}; the rule's `prices` says {named:?}",
                r.meta.id
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The rules whose bad fixture is too small for their fix name what it
/// prices too: checked on the corpus stacks (`tests/corpus/`) the fix
/// closes them on, whose bills together must add exactly those types.
#[test]
fn rules_fixed_only_on_whole_stacks_name_what_their_fix_prices() {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut stacks: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    stacks.sort();
    let mut failures = Vec::new();
    for (id, _) in NOT_ON_THE_FIXTURE {
        let rule = tfready_rules::find_rule(id).expect("a rule");
        let mut priced = std::collections::BTreeSet::new();
        let mut closed_on = 0;
        for stack in &stacks {
            let tmp = tempfile::tempdir().unwrap();
            copy_dir(stack, tmp.path());
            let before = Project::load(tmp.path(), &LoadOptions::default()).unwrap();
            let fires = |p: &Project| {
                audit(p, &Config::default())
                    .findings
                    .iter()
                    .any(|f| f.rule.id == *id)
            };
            if !fires(&before) {
                continue;
            }
            let opts = FixOptions {
                rules: vec![id.to_string()],
                ..FixOptions::default()
            };
            apply(tmp.path(), &plan(&before, &opts).changes).unwrap();
            let after = Project::load(tmp.path(), &LoadOptions::default()).unwrap();
            if !fires(&after) {
                closed_on += 1;
                priced.extend(repriced(&before, &after));
            }
        }
        let named: std::collections::BTreeSet<String> =
            rule.meta.prices.iter().map(|t| t.to_string()).collect();
        if closed_on == 0 {
            failures.push(format!("{id}: no corpus stack its fix closes it on"));
        } else if priced != named {
            failures.push(format!(
                "{id}: on {closed_on} corpus stack(s) the fix prices {priced:?}; the rule's `prices` says {named:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
