//! Findings inside modules `terraform init` downloaded (files under
//! `.terraform/`) are moved to the user's own code: the module call
//! argument that sets the offending value (followed up through `var.NAME`
//! from call to call), else the module block. The place inside the module
//! stays as a related location.

use tfready_model::ast::Span as _;
use tfready_model::{Location, ModuleCall, Project, SourceFile};

use crate::{Finding, Related};

/// Where `terraform init` puts what it downloads.
const DOWNLOADED: &str = ".terraform/";

/// Each finding is independent: in parallel (a downloaded package nested
/// under count/for_each can yield tens of thousands).
pub(crate) fn anchor(project: &Project, findings: &mut [Finding]) {
    use rayon::prelude::*;
    let files: Files<'_> = project
        .files
        .iter()
        .map(|f| (f.display.as_str(), f))
        .collect();
    findings
        .par_iter_mut()
        .filter(|f| f.location.file.starts_with(DOWNLOADED))
        .for_each(|f| anchor_one(project, &files, f));
}

/// The project's files by the name locations give them.
type Files<'p> = std::collections::HashMap<&'p str, &'p SourceFile>;

fn anchor_one(project: &Project, files: &Files<'_>, f: &mut Finding) {
    let Some(chain) = f.resource.as_deref().map(tfready_model::call_chain) else {
        return;
    };
    let Some(calls) = tfready_model::calls_along(project, &chain) else {
        return;
    };
    let Some(outermost) = calls.first() else {
        return;
    };
    let mut var = var_of_span(files, &f.location);
    let mut at = None;
    // From the innermost call outwards, while the value is a variable
    // the call sets.
    for call in calls.iter().rev() {
        let Some(arg) = var.and_then(|v| call.block.body.get_attribute(&v)) else {
            break;
        };
        let range = arg.span().unwrap_or(call.span.range.clone());
        let loc = project.location(call.file, &range);
        // The variable the argument passes on, read from its expression.
        var = tfready_model::named_variables(&arg.value)
            .into_iter()
            .next();
        let user = !loc.file.starts_with(DOWNLOADED);
        at = Some(loc);
        if user {
            break;
        }
    }
    let at = match at {
        Some(l) if !l.file.starts_with(DOWNLOADED) => l,
        _ => {
            let header = first_line(project, outermost);
            project.location(outermost.file, &header)
        }
    };
    f.related.push(Related {
        location: std::mem::replace(&mut f.location, at),
        message: "inside the downloaded module".into(),
    });
}

/// The variable a finding's place reads: on one line, its first `var.X`;
/// over a block, the one variable every line of it reads (the `count` and
/// `for_each` lines aside), else none.
fn var_of_span(files: &Files<'_>, loc: &Location) -> Option<String> {
    if loc.end_line <= loc.line {
        return first_var(line_text(files, loc));
    }
    let file = files.get(loc.file.as_str())?;
    let mut vars = std::collections::BTreeSet::new();
    for line in file
        .text
        .lines()
        .skip(loc.line.saturating_sub(1))
        .take(loc.end_line + 1 - loc.line)
    {
        let t = line.trim_start();
        if t.starts_with("count") || t.starts_with("for_each") || t.starts_with("depends_on") {
            continue;
        }
        let mut rest = line;
        while let Some(v) = first_var(rest) {
            let i = rest.find(&format!("var.{v}")).unwrap_or(0) + 4 + v.len();
            vars.insert(v);
            rest = &rest[i..];
        }
    }
    (vars.len() == 1).then(|| vars.into_iter().next()).flatten()
}

fn line_text<'f>(files: &Files<'f>, loc: &Location) -> &'f str {
    files
        .get(loc.file.as_str())
        .map_or("", |f| f.line_text(loc.line))
}

/// The first `var.NAME` of a line of code.
fn first_var(line: &str) -> Option<String> {
    let i = line.find("var.")?;
    let before = line[..i].chars().next_back();
    if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.') {
        return None;
    }
    let name: String = line[i + 4..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect();
    (!name.is_empty()).then_some(name)
}

/// The header line of a module call block.
fn first_line(project: &Project, call: &ModuleCall) -> std::ops::Range<usize> {
    let text = &project.files[call.file].text;
    let start = call.span.range.start.min(text.len());
    let end = text[start..]
        .find('\n')
        .map_or(call.span.range.end, |i| start + i);
    start..end.max(start + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chains_and_variables() {
        assert_eq!(
            tfready_model::call_chain("module.db.module.db_instance[0].aws_db_instance.this[0]"),
            ["db", "db_instance"]
        );
        assert_eq!(
            tfready_model::call_chain("module.sg[\"web\"].aws_security_group_rule.x"),
            ["sg"]
        );
        assert_eq!(
            tfready_model::call_chain("aws_instance.x"),
            Vec::<String>::new()
        );
        assert_eq!(
            first_var("  storage_encrypted = var.storage_encrypted"),
            Some("storage_encrypted".into())
        );
        assert_eq!(first_var("  x = local.var.y"), None);
    }
}
