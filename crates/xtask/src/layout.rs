//! `cargo xtask layout`: what CONTRIBUTING.md promises of the source tree,
//! checked. Within a crate, no two files import each other, directly or
//! through others (a reader can start at the bottom of any crate and read
//! up); and no file's code (its tests aside) is over [`MAX_LINES`] lines.
//!
//! Imports are read from the text: `crate::`, `super::` and `self::` paths
//! wherever they stand (`use` lines, `use` groups, paths in code), each
//! taken to the file of the longest module prefix it names. A file's
//! `#[cfg(test)] mod tests` (at its end, as in every crate here) is not
//! counted: tests may reach anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The most lines of code a source file may have, tests aside.
pub const MAX_LINES: usize = 800;

/// A module path inside a crate (`["pricers", "compute"]`); empty for the
/// crate root.
type ModPath = Vec<String>;

/// What breaks the layout: import cycles (each the files in it) and long
/// files (path, lines).
#[derive(Debug, Default)]
pub struct Report {
    pub cycles: Vec<Vec<PathBuf>>,
    pub long_files: Vec<(PathBuf, usize)>,
}

/// Checks every crate under `crates_dir` (each `*/src`).
pub fn check(crates_dir: &Path) -> std::io::Result<Report> {
    let mut report = Report::default();
    let mut crates: Vec<PathBuf> = std::fs::read_dir(crates_dir)?
        .flatten()
        .map(|e| e.path().join("src"))
        .filter(|p| p.is_dir())
        .collect();
    crates.sort();
    for src in crates {
        let files = source_files(&src)?;
        for (rel, text) in &files {
            let lines = code_of(text).lines().count();
            if lines > MAX_LINES {
                report.long_files.push((src.join(rel), lines));
            }
        }
        for cycle in cycles(&files) {
            report
                .cycles
                .push(cycle.iter().map(|f| src.join(f)).collect());
        }
    }
    Ok(report)
}

/// Every `.rs` file under `src`, by path relative to it, with its text.
fn source_files(src: &Path) -> std::io::Result<BTreeMap<PathBuf, String>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir)?.flatten() {
            let path = e.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "rs") {
                let rel = path.strip_prefix(src).unwrap_or(&path).to_path_buf();
                out.insert(rel, std::fs::read_to_string(&path)?);
            }
        }
    }
    Ok(out)
}

/// A file's code: its text before `#[cfg(test)]`.
fn code_of(text: &str) -> &str {
    text.find("#[cfg(test)]").map_or(text, |i| &text[..i])
}

/// The module a file defines: `a/b.rs` and `a/b/mod.rs` are `a::b`;
/// `lib.rs` and `main.rs` the root.
fn module_of(rel: &Path) -> ModPath {
    let mut parts: ModPath = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The files of a crate that import each other, one list a cycle.
pub fn cycles(files: &BTreeMap<PathBuf, String>) -> Vec<Vec<PathBuf>> {
    let modules: BTreeMap<ModPath, &PathBuf> = files.keys().map(|f| (module_of(f), f)).collect();
    let mut edges: BTreeMap<&PathBuf, BTreeSet<&PathBuf>> = BTreeMap::new();
    for (rel, text) in files {
        let here = module_of(rel);
        let to = edges.entry(rel).or_default();
        for path in paths_in(code_of(text)) {
            let Some(target) = resolve(&here, &path) else {
                continue;
            };
            // The longest prefix that is a file's module.
            let file = (0..=target.len())
                .rev()
                .find_map(|n| modules.get(&target[..n]).copied());
            if let Some(file) = file.filter(|f| *f != rel) {
                to.insert(file);
            }
        }
    }
    strongly_connected(&edges)
        .into_iter()
        .filter(|c| c.len() > 1)
        .map(|c| c.into_iter().cloned().collect())
        .collect()
}

/// Every `crate::`/`super::`/`self::` path in `code`, with a `use` group
/// (`use crate::a::{b, c::d}`) expanded into one path each.
fn paths_in(code: &str) -> Vec<Vec<String>> {
    let code: String = code
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let bytes = code.as_bytes();
    let mut out = Vec::new();
    for head in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(at) = code[from..].find(head) {
            let start = from + at;
            from = start + head.len();
            // Not the tail of an identifier (`my_crate::`, `itself::`).
            if start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_') {
                continue;
            }
            let base: Vec<String> = vec![head.trim_end_matches("::").to_string()];
            out.extend(expand(base, &code[from..]));
        }
    }
    out
}

/// The paths `rest` (what follows `head::`) continues `base` into.
fn expand(mut base: Vec<String>, rest: &str) -> Vec<Vec<String>> {
    let mut rest = rest;
    loop {
        let ident: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !ident.is_empty() {
            base.push(ident.clone());
            rest = &rest[ident.len()..];
            if let Some(r) = rest.strip_prefix("::") {
                rest = r;
                continue;
            }
            return vec![base];
        }
        if let Some(group) = rest.strip_prefix('{') {
            let end = matching_brace(group);
            return split_group(&group[..end])
                .into_iter()
                .flat_map(|item| expand(base.clone(), item.trim()))
                .collect();
        }
        return vec![base];
    }
}

/// The index of the `}` closing a group whose `{` was just passed.
fn matching_brace(text: &str) -> usize {
    let mut depth = 0;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return i,
            '}' => depth -= 1,
            _ => {}
        }
    }
    text.len()
}

/// A group's items, split at its top-level commas.
fn split_group(text: &str) -> Vec<&str> {
    let (mut items, mut depth, mut start) = (Vec::new(), 0, 0);
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&text[start..]);
    items
}

/// The absolute module path `path` names from module `here`.
fn resolve(here: &ModPath, path: &[String]) -> Option<ModPath> {
    let (head, tail) = path.split_first()?;
    let mut at: ModPath = match head.as_str() {
        "crate" => Vec::new(),
        "self" => here.clone(),
        // `super` of a file module is its parent; of `a/mod.rs` (module
        // `a`) it is the parent of `a` too.
        "super" => here.get(..here.len().checked_sub(1)?)?.to_vec(),
        _ => return None,
    };
    for part in tail {
        if part == "super" {
            at.pop()?;
        } else {
            at.push(part.clone());
        }
    }
    Some(at)
}

/// Tarjan's strongly connected components.
fn strongly_connected<'a>(
    edges: &BTreeMap<&'a PathBuf, BTreeSet<&'a PathBuf>>,
) -> Vec<Vec<&'a PathBuf>> {
    struct State<'a> {
        index: BTreeMap<&'a PathBuf, usize>,
        low: BTreeMap<&'a PathBuf, usize>,
        stack: Vec<&'a PathBuf>,
        on_stack: BTreeSet<&'a PathBuf>,
        out: Vec<Vec<&'a PathBuf>>,
    }
    fn visit<'a>(
        v: &'a PathBuf,
        edges: &BTreeMap<&'a PathBuf, BTreeSet<&'a PathBuf>>,
        s: &mut State<'a>,
    ) {
        let i = s.index.len();
        s.index.insert(v, i);
        s.low.insert(v, i);
        s.stack.push(v);
        s.on_stack.insert(v);
        for &w in edges.get(v).into_iter().flatten() {
            if !s.index.contains_key(w) {
                visit(w, edges, s);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w);
                if w == v {
                    break;
                }
            }
            component.sort();
            s.out.push(component);
        }
    }
    let mut s = State {
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for &v in edges.keys() {
        if !s.index.contains_key(v) {
            visit(v, edges, &mut s);
        }
    }
    s.out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crate_of(files: &[(&str, &str)]) -> BTreeMap<PathBuf, String> {
        files
            .iter()
            .map(|(p, t)| (PathBuf::from(p), t.to_string()))
            .collect()
    }

    #[test]
    fn a_cycle_through_groups_super_and_paths_in_code_is_found() {
        let files = crate_of(&[
            ("lib.rs", "mod a;\nmod b;\nmod c;\n"),
            ("a.rs", "use crate::{b::{self, Thing}, other};\n"),
            ("b.rs", "fn f() { crate::c::g() }\n"),
            ("c/mod.rs", "mod d;\n"),
            ("c/d.rs", "use super::super::a::X;\n"),
        ]);
        // c/mod.rs is module `c`; `crate::c::g` is c/mod.rs, which does not
        // import a: no cycle yet.
        assert!(cycles(&files).is_empty());
        let mut files = files;
        files.insert(
            "c/mod.rs".into(),
            "mod d;\npub use d::X;\nuse self::d::Y;\n".into(),
        );
        assert_eq!(
            cycles(&files),
            vec![vec![
                PathBuf::from("a.rs"),
                PathBuf::from("b.rs"),
                PathBuf::from("c/d.rs"),
                PathBuf::from("c/mod.rs"),
            ]]
        );
    }

    #[test]
    fn tests_comments_and_other_crates_do_not_count() {
        let files = crate_of(&[
            ("a.rs", "use crate::b::X;\n"),
            (
                "b.rs",
                "// crate::a::Y\nuse my_crate::a::Z;\n#[cfg(test)]\nmod tests { use crate::a::W; }\n",
            ),
        ]);
        assert!(cycles(&files).is_empty());
    }

    /// The workspace itself keeps the promise.
    #[test]
    fn the_workspace_has_no_import_cycle_and_no_long_file() {
        let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let report = check(&crates).unwrap();
        assert!(
            report.cycles.is_empty(),
            "import cycles: {:?}",
            report.cycles
        );
        assert!(
            report.long_files.is_empty(),
            "files over {MAX_LINES} lines of code: {:?}",
            report.long_files
        );
    }
}
