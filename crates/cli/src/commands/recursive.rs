//! `--recursive`: the same command on every root module under PATH, as one
//! report. The roots run in this process, in parallel, with the same
//! arguments, sharing the files they both read (their shared local
//! modules); their outputs are merged per format (JSON and SARIF carry
//! each finding's root), and the exit code is the worst of them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use serde_json::Value;

use crate::exit;
use crate::output::{capture, error, error_line, print};
use tfready_engine::SharedLoad;

/// Directories never searched for roots.
const SKIP: &[&str] = &[".terraform", ".git", "node_modules", ".tfready"];

/// The root modules under `path`: directories holding `.tf` files that no
/// other directory under `path` calls as a local module. Sorted.
pub fn roots(path: &Path) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    collect(path, &mut dirs);
    let mut called = BTreeSet::new();
    for dir in &dirs {
        for source in local_sources(dir) {
            if let Ok(p) = dir.join(source).canonicalize() {
                called.insert(p);
            }
        }
    }
    let mut out: Vec<PathBuf> = dirs
        .into_iter()
        .filter(|d| d.canonicalize().map_or(true, |c| !called.contains(&c)))
        .collect();
    out.sort();
    out
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut has_tf = false;
    let mut subdirs = Vec::new();
    for e in entries.flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if p.is_dir() {
            if !name.starts_with('.') && !SKIP.contains(&name.as_str()) {
                subdirs.push(p);
            }
        } else if name.ends_with(".tf") || name.ends_with(".tf.json") {
            has_tf = true;
        }
    }
    if has_tf {
        out.push(dir.to_path_buf());
    }
    subdirs.sort();
    for d in subdirs {
        collect(&d, out);
    }
}

/// `source` of the module blocks of a directory that are local paths.
fn local_sources(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.extension().is_none_or(|x| x != "tf") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&p) else {
            continue;
        };
        // Most files call no module: not worth a parse.
        if !text.contains("module") {
            continue;
        }
        let Ok(body) = tfready_model::hcl_edit::parser::parse_body(&text) else {
            continue;
        };
        for b in body.blocks().filter(|b| b.ident.as_str() == "module") {
            if let Some(s) = b
                .body
                .get_attribute("source")
                .and_then(|a| a.value.as_str().map(str::to_string))
            {
                if s.starts_with("./") || s.starts_with("../") {
                    out.push(s);
                }
            }
        }
    }
    out
}

/// Runs the command on each root and prints one merged report. `format`
/// is the output format's name; `path` the PATH argument as given;
/// `output` the `-o FILE` the merged report goes to. `one` runs the command
/// on a root in this process, its output kept (see
/// [`crate::output::capture`]): the roots run in parallel, and the files of
/// the modules they share are read and parsed once.
pub fn run(
    path: &Path,
    format: &str,
    output: Option<&Path>,
    one: &(dyn Fn(PathBuf, SharedLoad) -> u8 + Sync),
) -> u8 {
    let roots = roots(path);
    if roots.is_empty() {
        error(&format!(
            "{}: no directory with .tf files under it",
            path.display()
        ));
        return exit::INPUT;
    }
    let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let shared = SharedLoad {
        cache: Default::default(),
        // Shared modules beside the roots (`../../modules/x`) are read,
        // within the repository or, outside one, within PATH.
        boundary: tfready_model::boundary_of(&canonical, &canonical),
    };
    let rel_of = |root: &Path| {
        let rel = root
            .strip_prefix(path)
            .map(|r| r.display().to_string())
            .unwrap_or_else(|_| root.display().to_string());
        if rel.is_empty() {
            ".".to_string()
        } else {
            rel
        }
    };
    type Done = (u8, Vec<String>, Part);
    let results: Vec<Mutex<Option<Done>>> = roots.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(roots.len());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let worker = || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(root) = roots.get(i) else {
                    break;
                };
                let (code, captured) = capture(|| one(root.clone(), shared.clone()));
                let part = prepare(format, rel_of(root), &captured.stdout);
                let done = (code, captured.stderr, part);
                *results[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(done);
            };
            // Evaluation recurses as deep as the main thread lets it.
            let spawned = std::thread::Builder::new()
                .stack_size(8 << 20)
                .spawn_scoped(scope, worker);
            if spawned.is_err() {
                worker();
            }
        }
    });
    let mut code = exit::OK;
    let mut parts = Vec::new();
    for (root, result) in roots.iter().zip(results) {
        let (root_code, stderr, part) = result
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .unwrap_or_else(|| (exit::INPUT, Vec::new(), prepare(format, rel_of(root), b"")));
        // Errors name their files relative to the root: say which root.
        for line in stderr.iter().flat_map(|l| l.lines()) {
            if !line.trim().is_empty() {
                error_line(&format!("{}: {line}", part.rel));
            }
        }
        code = code.max(root_code);
        parts.push(part);
    }
    let merged = merge(format, path, &parts);
    match output {
        None => print(&merged),
        Some(file) => {
            if let Err(e) =
                tfready_model::files::replace_with(file, |out| out.write_all(merged.as_bytes()))
            {
                error(&format!("cannot write {}: {e}", file.display()));
                return exit::INPUT;
            }
        }
    }
    code
}

/// One root's output, made ready for the merged report by the worker that
/// ran it (in parallel, and without holding every root's whole output).
struct Part {
    rel: String,
    /// JSON: the root's document as an element of `roots`; SARIF: its
    /// results as elements of `results`; otherwise its output.
    text: String,
    /// SARIF: whether the root's run succeeded, and its notifications.
    sarif: Option<(bool, Vec<Value>)>,
}

fn prepare(format: &str, rel: String, stdout: &[u8]) -> Part {
    let text = String::from_utf8_lossy(stdout);
    match format {
        "json" => Part {
            text: json_element(&rel, &text),
            rel,
            sarif: None,
        },
        "json-compact" => Part {
            text: compact_element(&rel, &text),
            rel,
            sarif: None,
        },
        "sarif" => sarif_part(rel, &text),
        _ => Part {
            text: text.into_owned(),
            rel,
            sarif: None,
        },
    }
}

fn merge(format: &str, path: &Path, parts: &[Part]) -> String {
    match format {
        "json" => merge_json(parts),
        "json-compact" => merge_json_compact(parts),
        "sarif" => merge_sarif(path, parts),
        "junit" => merge_junit(parts),
        _ => parts
            .iter()
            .map(|p| format!("==> {} <==\n{}", p.rel, p.text))
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// `{ "recursive": true, "roots": [ {"root": REL, ...its document} ] }`,
/// as `serde_json` pretty-prints it.
fn merge_json(parts: &[Part]) -> String {
    let end = if parts.is_empty() {
        "]\n}\n"
    } else {
        "\n  ]\n}\n"
    };
    join_roots("{\n  \"recursive\": true,\n  \"roots\": [", parts, end)
}

/// `{"compact": true, "recursive": true, "roots": [ {"root": REL, ...} ]}`,
/// each root's document on its own lines, as `--compact` writes them.
fn merge_json_compact(parts: &[Part]) -> String {
    join_roots(
        "{\"compact\":true,\"recursive\":true,\"roots\":[",
        parts,
        "]}\n",
    )
}

/// `head`, each part's text on its own line(s) with commas between, `end`.
fn join_roots(head: &str, parts: &[Part], end: &str) -> String {
    let total: usize = parts.iter().map(|p| p.text.len() + 2).sum();
    let mut out = String::with_capacity(total + head.len() + end.len());
    out.push_str(head);
    for (i, p) in parts.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        out.push_str(&p.text);
    }
    out.push_str(end);
    out
}

/// A root's `--compact` document as an element of the merged `roots`: its
/// top-level values copied as they were written (a finding a line), its
/// `root` set to REL. Only the top level is parsed.
fn compact_element(rel: &str, text: &str) -> String {
    use serde_json::value::RawValue;
    use std::collections::BTreeMap;
    let Ok(doc) = serde_json::from_str::<BTreeMap<String, &RawValue>>(text) else {
        let fallback = serde_json::json!({ "root": rel, "error": "no report (see stderr)" });
        return fallback.to_string();
    };
    let mut out = String::with_capacity(text.len() + rel.len() + 16);
    out.push('{');
    for (i, (key, value)) in doc.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('\n');
        out.push_str(&Value::String(key.clone()).to_string());
        out.push(':');
        if key == "root" {
            out.push_str(&Value::String(rel.to_string()).to_string());
        } else {
            out.push_str(value.get());
        }
    }
    out.push_str("\n}");
    out
}

/// A root's JSON document as an element of the merged `roots`: spliced in
/// as text (indented, its top-level `root` set to REL), never parsed.
fn json_element(rel: &str, text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let root_line = format!("  \"root\": {},", Value::String(rel.to_string()));
    let doc = text.trim_end();
    let is_doc = doc.starts_with('{')
        && doc.ends_with('}')
        && doc.lines().any(|l| l.starts_with("  \"root\": "));
    if !is_doc {
        let fallback = serde_json::json!({ "root": rel, "error": "no report (see stderr)" });
        indent_into(
            &mut out,
            &serde_json::to_string_pretty(&fallback).unwrap_or_default(),
            4,
        );
        return out;
    }
    for (n, line) in doc.lines().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        out.push_str("    ");
        // The document's own top-level key (two spaces deep; the keys of
        // its findings are deeper).
        if line.starts_with("  \"root\": ") {
            let comma = line.ends_with(',');
            out.push_str(&root_line[..root_line.len() - usize::from(!comma)]);
        } else {
            out.push_str(line);
        }
    }
    out
}

/// `text` (pretty-printed JSON) into `out`, `depth` spaces deeper.
fn indent_into(out: &mut String, text: &str, depth: usize) {
    for (n, line) in text.lines().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        out.extend(std::iter::repeat_n(' ', depth));
        out.push_str(line);
    }
}

/// A root's SARIF log as results of the merged run: file URIs made
/// relative to PATH, `properties.root` naming the root. The log is scanned,
/// not built (each carries the whole rule registry): only its results and
/// notifications are read.
fn sarif_part(rel: String, text: &str) -> Part {
    use serde_json::value::RawValue;
    #[derive(serde::Deserialize)]
    struct Log<'a> {
        #[serde(borrow)]
        runs: Vec<Run<'a>>,
    }
    #[derive(serde::Deserialize)]
    struct Run<'a> {
        #[serde(borrow, default)]
        results: Vec<&'a RawValue>,
        #[serde(default)]
        invocations: Vec<Invocation>,
    }
    #[derive(serde::Deserialize)]
    struct Invocation {
        #[serde(rename = "executionSuccessful", default)]
        successful: bool,
        #[serde(rename = "toolExecutionNotifications", default)]
        notifications: Vec<Value>,
    }
    let mut out = String::new();
    let Some(run) = serde_json::from_str::<Log<'_>>(text)
        .ok()
        .and_then(|l| l.runs.into_iter().next())
    else {
        return Part {
            rel,
            text: out,
            sarif: Some((false, Vec::new())),
        };
    };
    let relocate = |v: &mut Value| {
        for l in v["locations"].as_array_mut().into_iter().flatten() {
            let uri = &mut l["physicalLocation"]["artifactLocation"]["uri"];
            if let (Some(u), true) = (uri.as_str(), rel != ".") {
                *uri = Value::String(normalize(&format!("{rel}/{u}")));
            }
        }
    };
    for (i, raw) in run.results.iter().enumerate() {
        let Ok(mut r) = serde_json::from_str::<Value>(raw.get()) else {
            continue;
        };
        relocate(&mut r);
        r["properties"]["root"] = Value::String(rel.clone());
        if i > 0 {
            out.push_str(",\n");
        }
        // A result sits four levels deep in the log.
        indent_into(
            &mut out,
            &serde_json::to_string_pretty(&r).unwrap_or_default(),
            8,
        );
    }
    let invocation = run.invocations.into_iter().next();
    let successful = invocation.as_ref().is_some_and(|i| i.successful);
    let mut notifications = invocation.map(|i| i.notifications).unwrap_or_default();
    notifications.iter_mut().for_each(relocate);
    Part {
        rel,
        text: out,
        sarif: Some((successful, notifications)),
    }
}

/// One SARIF run for every root: its results and notifications, the rule
/// registry once, PATH as the source root.
fn merge_sarif(path: &Path, parts: &[Part]) -> String {
    const MARK: &str = "\u{0}tfready-results";
    let root = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let successful = parts.iter().all(|p| p.sarif.as_ref().is_some_and(|s| s.0));
    let notifications = parts
        .iter()
        .flat_map(|p| p.sarif.iter().flat_map(|s| s.1.iter().cloned()))
        .collect();
    let doc =
        tfready_report::sarif_log(&root, successful, notifications, Value::String(MARK.into()));
    let skeleton = serde_json::to_string_pretty(&doc).unwrap_or_default();
    let results: Vec<&str> = parts
        .iter()
        .map(|p| p.text.as_str())
        .filter(|t| !t.is_empty())
        .collect();
    let list = if results.is_empty() {
        "[]".to_string()
    } else {
        format!("[\n{}\n      ]", results.join(",\n"))
    };
    let quoted = serde_json::to_string(MARK).unwrap_or_default();
    skeleton.replacen(&quoted, &list, 1) + "\n"
}

/// `a/b/../c` as `a/c`: a root's `../modules/x` seen from PATH.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "." | "" => {}
            ".." if parts.last().is_some_and(|l| *l != "..") => {
                parts.pop();
            }
            _ => parts.push(p),
        }
    }
    parts.join("/")
}

/// One `<testsuites>`: each root's suites, named with their root.
fn merge_junit(parts: &[Part]) -> String {
    let attr = |head: &str, name: &str| -> u64 {
        head.split(&format!(" {name}=\""))
            .nth(1)
            .and_then(|r| r.split('"').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    let (mut tests, mut failures) = (0, 0);
    let mut body = String::new();
    for Part { rel, text, .. } in parts {
        let Some(start) = text.find("<testsuites") else {
            continue;
        };
        let head_end = text[start..].find('>').map_or(start, |i| start + i + 1);
        let head = &text[start..head_end];
        tests += attr(head, "tests");
        failures += attr(head, "failures");
        let end = text.rfind("</testsuites>").unwrap_or(text.len());
        let root = tfready_report::escape_markup(rel);
        body.push_str(
            &text[head_end..end]
                .replace("<testsuite name=\"", &format!("<testsuite name=\"{root}: ")),
        );
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"tfready\" tests=\"{tests}\" failures=\"{failures}\">{body}</testsuites>\n"
    )
}
