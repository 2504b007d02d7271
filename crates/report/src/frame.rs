//! Code frames: the lines a finding points at, with line numbers.

use tfready_model::{Location, Project};

/// Lines `loc.line..=loc.end_line` (long spans are cut in the middle),
/// each as (line number, text). Secrets are scrubbed.
pub fn lines(project: &Project, loc: &Location) -> Vec<(usize, String)> {
    let Some(file) = project.files.iter().find(|f| f.display == loc.file) else {
        return Vec::new();
    };
    if loc.line == 0 || loc.line > file.line_count() {
        return Vec::new();
    }
    let end = loc.end_line.max(loc.line).min(file.line_count());
    let take: Vec<usize> = if end - loc.line < 8 {
        (loc.line..=end).collect()
    } else {
        (loc.line..loc.line + 4).chain(end - 2..=end).collect()
    };
    let mut out = Vec::new();
    let mut prev = None;
    for n in take {
        if prev.is_some_and(|p| n != p + 1) {
            out.push((0, "...".to_string()));
        }
        out.push((n, project.scrub(file.line_text(n))));
        prev = Some(n);
    }
    out
}
