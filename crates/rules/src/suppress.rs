//! Inline suppressions: `# tfready:ignore <id|slug> [until=YYYY-MM-DD] <reason>`
//! (or `//`) on the line above a block or attribute. On a module call it
//! covers everything the module creates. Without a reason, or past its
//! date, it does not suppress, and says so.

use tfready_model::ast::Span as _;
use tfready_model::ast::{Block, Body};
use tfready_model::{FileId, Location, Project};

use crate::finding::Finding;
use crate::registry::find_meta;

pub const MARKER: &str = "tfready:ignore";

/// One suppression comment as written.
#[derive(Debug, Clone)]
pub struct Suppression {
    pub location: Location,
    pub rule: String,
    pub reason: String,
    pub until: Option<String>,
    /// Lines (inclusive) of the block or attribute it sits above.
    pub target: (usize, usize),
    /// Module call address it covers (`module.vpc`), when above a call.
    pub module_address: Option<String>,
}

impl Suppression {
    /// Why it does not apply, if it does not.
    pub fn problem(&self, today: &str) -> Option<String> {
        if find_meta(&self.rule).is_none() {
            return Some(format!(
                "`{MARKER} {}` names no rule (see `tfready rules`)",
                self.rule
            ));
        }
        if self.reason.trim().is_empty() {
            return Some(format!(
                "`{MARKER} {}` has no reason; write why after the rule",
                self.rule
            ));
        }
        match &self.until {
            Some(d) if !valid_date(d) => Some(format!("until={d} is not a YYYY-MM-DD date")),
            Some(d) if d.as_str() < today => {
                Some(format!("the suppression of {} expired on {d}", self.rule))
            }
            _ => None,
        }
    }

    pub fn covers(&self, f: &Finding) -> bool {
        let named = find_meta(&self.rule).is_some_and(|m| m.id == f.rule.id);
        if !named {
            return false;
        }
        if let (Some(m), Some(res)) = (&self.module_address, &f.resource) {
            if res == m || res.starts_with(&format!("{m}.")) || res.starts_with(&format!("{m}[")) {
                return true;
            }
        }
        f.location.file == self.location.file
            && self.target.0 <= f.location.line
            && f.location.line <= self.target.1
    }
}

fn valid_date(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && d.chars()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

pub use tfready_model::dates::today;

/// Every suppression comment in the project's Terraform files.
pub fn collect(project: &Project) -> Vec<Suppression> {
    let mut out = Vec::new();
    for (module_idx, module) in project.modules.iter().enumerate() {
        for &fid in &module.files {
            let file = &project.files[fid];
            if !file.text.contains(MARKER) {
                continue;
            }
            let structures = structures(project, module_idx, fid);
            for n in 1..=file.line_count() {
                let line = file.line_text(n);
                let Some(at) = line.find(MARKER) else {
                    continue;
                };
                let before = line[..at].trim_end();
                if !(before.ends_with('#') || before.ends_with("//") || before.ends_with("/*")) {
                    continue;
                }
                let rest = line[at + MARKER.len()..]
                    .trim()
                    .trim_end_matches("*/")
                    .trim();
                let mut words = rest.split_whitespace();
                let rule = words.next().unwrap_or("").to_string();
                let mut until = None;
                let mut reason = Vec::new();
                for w in words {
                    match w.strip_prefix("until=") {
                        Some(d) => until = Some(d.to_string()),
                        None => reason.push(w),
                    }
                }
                // The block or attribute starting on the next code line.
                let next = (n + 1..=file.line_count())
                    .find(|&k| {
                        let t = file.line_text(k).trim();
                        !t.is_empty() && !t.starts_with('#') && !t.starts_with("//")
                    })
                    .unwrap_or(n + 1);
                let (target, call) = structures
                    .iter()
                    .filter(|s| s.0 == next)
                    .max_by_key(|s| s.1)
                    .map(|s| ((s.0, s.1), s.2.clone()))
                    .unwrap_or(((next, next), None));
                let module_address = call.map(|name| {
                    let prefix = project
                        .instances
                        .iter()
                        .find(|i| i.module == module_idx)
                        .map(|i| i.address.clone())
                        .unwrap_or_default();
                    if prefix.is_empty() {
                        format!("module.{name}")
                    } else {
                        format!("{prefix}.module.{name}")
                    }
                });
                out.push(Suppression {
                    location: Location {
                        file: file.display.clone(),
                        line: n,
                        column: at + 1,
                        end_line: n,
                        end_column: line.chars().count().max(1),
                    },
                    rule,
                    reason: reason.join(" "),
                    until,
                    target,
                    module_address,
                });
            }
        }
    }
    out
}

/// (first line, last line, module call name) of every block and attribute
/// of one file, nested ones included.
fn structures(
    project: &Project,
    module: usize,
    fid: FileId,
) -> Vec<(usize, usize, Option<String>)> {
    let m = &project.modules[module];
    let file = &project.files[fid];
    let mut out = Vec::new();
    let add_block =
        |b: &Block, call: Option<String>, out: &mut Vec<(usize, usize, Option<String>)>| {
            if let Some(r) = b.span() {
                let l = file.location(&r);
                out.push((l.line, l.end_line, call));
            }
            walk(&b.body, file, out);
        };
    for r in m.resources.iter().filter(|r| r.file == fid) {
        add_block(&r.block, None, &mut out);
    }
    for c in m.calls.iter().filter(|c| c.file == fid) {
        add_block(&c.block, Some(c.name.clone()), &mut out);
    }
    for v in m.variables.values().filter(|v| v.file == fid) {
        add_block(&v.block, None, &mut out);
    }
    for o in m.outputs.values().filter(|o| o.file == fid) {
        add_block(&o.block, None, &mut out);
    }
    for p in m.providers.iter().filter(|p| p.file == fid) {
        add_block(&p.block, None, &mut out);
    }
    for t in m.terraform.iter().filter(|t| t.file == fid) {
        add_block(&t.block, None, &mut out);
    }
    out
}

fn walk(
    body: &Body,
    file: &tfready_model::SourceFile,
    out: &mut Vec<(usize, usize, Option<String>)>,
) {
    for a in body.attributes() {
        if let Some(r) = a.span() {
            let l = file.location(&r);
            out.push((l.line, l.end_line, None));
        }
    }
    for b in body.blocks() {
        if let Some(r) = b.span() {
            let l = file.location(&r);
            out.push((l.line, l.end_line, None));
        }
        walk(&b.body, file, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert!(valid_date("2026-01-31"));
        assert!(!valid_date("2026-1-31"));
    }
}
