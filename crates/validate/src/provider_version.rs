//! Which AWS provider the stack runs with, against the schema tfready
//! checks with: when the stack requires a newer provider (its
//! `required_providers` lower bound, or the version `.terraform.lock.hcl`
//! pins), an argument or type the schema does not know may be one the
//! newer provider added. Those findings become warnings that say so, and
//! one note says it for the run.

use tfready_model::{Evaluator, InstanceEnv, Project};

use crate::{Location, Problem, Severity};

/// Checks whose finding a newer provider may make wrong.
const SCHEMA_GAPS: &[&str] = &[
    "unknown-resource-type",
    "unknown-data-source",
    "unknown-argument",
    "unknown-block",
];

/// A dotted version as numbers (`6.28` → [6, 28, 0]).
fn parse(v: &str) -> Option<[u64; 3]> {
    let mut out = [0; 3];
    let v = v.trim().trim_start_matches('v');
    for (i, part) in v.split('.').take(3).enumerate() {
        let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
        out[i] = digits.parse().ok()?;
    }
    Some(out)
}

/// The lowest version a constraint string admits (`">= 6.28, < 7.0"` →
/// 6.28.0; `"~> 6.42"` → 6.42.0).
fn lower_bound(constraint: &str) -> Option<[u64; 3]> {
    constraint
        .split(',')
        .filter_map(|part| {
            let p = part.trim();
            let v = p
                .strip_prefix(">=")
                .or_else(|| p.strip_prefix("~>"))
                .or_else(|| p.strip_prefix('='))
                .or_else(|| p.strip_prefix('>'))
                .or_else(|| (!p.starts_with(['<', '!'])).then_some(p))?;
            parse(v)
        })
        .max()
}

/// The hashicorp/aws version the root's `.terraform.lock.hcl` pins.
pub fn locked_version(root: &std::path::Path) -> Option<String> {
    let text = std::fs::read_to_string(root.join(".terraform.lock.hcl")).ok()?;
    let body = tfready_model::hcl_edit::parser::parse_body(&text).ok()?;
    let version = body
        .blocks()
        .filter(|b| b.ident.as_str() == "provider")
        .filter(|b| {
            b.labels
                .first()
                .is_some_and(|l| l.as_str().ends_with("hashicorp/aws"))
        })
        .find_map(|b| {
            b.body
                .get_attribute("version")
                .and_then(|a| a.value.as_str().map(str::to_string))
        });
    version
}

/// The provider version the stack needs at least, and where it says so.
pub(crate) fn required(project: &Project) -> Option<([u64; 3], String, Location)> {
    let mut best: Option<([u64; 3], String, Location)> = None;
    let mut consider = |v: [u64; 3], why: String, at: Location| {
        if best.as_ref().is_none_or(|(b, _, _)| v > *b) {
            best = Some((v, why, at));
        }
    };
    for (i, module) in project.modules.iter().enumerate() {
        let Some(instance) = project.instances.iter().find(|x| x.module == i) else {
            continue;
        };
        let env = InstanceEnv { project, instance };
        for tf in &module.terraform {
            for rp in tf.block.body.get_blocks("required_providers") {
                let Some(aws) = rp.body.get_attribute("aws") else {
                    continue;
                };
                let value = Evaluator::new(&env).eval(&aws.value);
                let constraint = value
                    .as_map()
                    .and_then(|m| m.get("version").and_then(|v| v.as_string()))
                    .or_else(|| value.as_string());
                if let Some(c) = constraint {
                    if let Some(v) = lower_bound(&c) {
                        let file = &project.files[tf.file].display;
                        let at = tfready_model::ast::Span::span(&aws.value)
                            .map(|r| project.location(tf.file, &r))
                            .unwrap_or_else(|| Location::file_only(file.clone()));
                        consider(v, format!("{file} requires hashicorp/aws \"{c}\""), at);
                    }
                }
            }
        }
    }
    if let Some(v) = locked_version(&project.root) {
        if let Some(n) = parse(&v) {
            consider(
                n,
                format!(".terraform.lock.hcl pins hashicorp/aws {v}"),
                Location::file_only(".terraform.lock.hcl"),
            );
        }
    }
    best
}

/// Softens the schema findings when the stack runs a newer provider than
/// the schema's, and adds the run's note.
pub(crate) fn soften(project: &Project, out: &mut Vec<Problem>) {
    let schema = tfready_schema::provider().provider_version();
    let Some(known) = parse(schema) else { return };
    let Some((needed, why, at)) = required(project) else {
        return;
    };
    if needed <= known {
        return;
    }
    let mut softened = 0;
    for p in out.iter_mut().filter(|p| SCHEMA_GAPS.contains(&p.code)) {
        if p.severity == Severity::Error {
            p.severity = Severity::Warning;
            p.message.push_str(&format!(
                " (The stack runs a newer AWS provider than the schema tfready checks with, {schema}: it may accept this.)"
            ));
            softened += 1;
        }
    }
    out.push(Problem::new(
        Severity::Warning,
        "provider-newer-than-schema",
        at,
        format!(
            "{why}, newer than the AWS provider schema tfready checks with ({schema}): {softened} unknown argument, block or type finding(s) are warnings, not errors."
        ),
        "Pass the schema of the provider you run: `terraform providers schema -json > aws-schema.json`, then `tfready validate --schema aws-schema.json`.",
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_bounds_of_constraints() {
        assert_eq!(lower_bound(">= 6.28"), Some([6, 28, 0]));
        assert_eq!(lower_bound(">= 6.28, < 7.0"), Some([6, 28, 0]));
        assert_eq!(lower_bound("~> 6.42.1"), Some([6, 42, 1]));
        assert_eq!(lower_bound("6.80.0"), Some([6, 80, 0]));
        assert_eq!(lower_bound("< 6.0"), None);
        assert_eq!(lower_bound(">= 5.0, >= 6.31"), Some([6, 31, 0]));
    }
}
