//! `--recursive`: the same command on every root module under PATH, as one
//! report. The roots run in this process, in parallel, with the same
//! arguments, sharing the files they both read (their shared local
//! modules); their outputs are merged per format (JSON and SARIF carry
//! each finding's root), and the exit code is the worst of them.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

use serde_json::{json, Value};

use crate::exit;
use crate::output::{capture, error, error_line, stream};
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
        let Ok(dir) = tfready_model::canonical(dir) else {
            continue;
        };
        for source in local_sources(&dir) {
            if let Ok(p) = tfready_model::canonical_join(&dir, Path::new(&source)) {
                called.insert(p);
            }
        }
    }
    let mut out: Vec<PathBuf> = dirs
        .into_iter()
        .filter(|d| tfready_model::canonical(d).map_or(true, |c| !called.contains(&c)))
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
/// the modules they share are read and parsed once. Each root's output is
/// written as soon as the roots before it are, then let go: the merged
/// report is never held whole.
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
    let mut code = exit::OK;
    let write = |out: &mut dyn Write| -> std::io::Result<()> {
        let mut merged = Merged::start(format, path, out)?;
        each_root(path, format, &roots, one, |root_code, stderr, part| {
            // Errors name their files relative to the root: say which root.
            for line in stderr.iter().flat_map(|l| l.lines()) {
                if !line.trim().is_empty() {
                    error_line(&format!("{}: {line}", part.rel));
                }
            }
            code = code.max(root_code);
            merged.add(part)
        })?;
        merged.end()
    };
    match output {
        None => stream(write),
        Some(file) => {
            if let Err(e) = tfready_model::files::replace_with(file, write) {
                error(&format!("cannot write {}: {e}", file.display()));
                return exit::INPUT;
            }
        }
    }
    code
}

/// Runs `one` on every root, in parallel, and hands each root's exit code,
/// errors and output to `done` on this thread, in the roots' order. A
/// failing `done` (a closed pipe) stops the roots not yet started.
fn each_root(
    path: &Path,
    format: &str,
    roots: &[PathBuf],
    one: &(dyn Fn(PathBuf, SharedLoad) -> u8 + Sync),
    mut done: impl FnMut(u8, Vec<String>, Part) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let canonical = tfready_model::canonical(path).unwrap_or_else(|_| path.to_path_buf());
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
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(roots.len());
    let (sender, finished) = mpsc::channel::<(usize, u8, Vec<String>, Part)>();
    let result = std::thread::scope(|scope| {
        for _ in 0..workers {
            let sender = sender.clone();
            let (next, stop, shared, rel_of) = (&next, &stop, &shared, &rel_of);
            // Each worker runs its roots on a thread pool of its own, of
            // one thread: the roots are the parallelism, and a root's own
            // parallel passes then run on that thread, not on the shared
            // pool, whose threads would spin for work beside the workers on
            // the same cores (half a run's CPU on a 300-root monorepo). On
            // one thread too, whatever a root prints is kept with it.
            let worker = move |pool: Option<&rayon::ThreadPool>| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(root) = roots.get(i).filter(|_| !stop.load(Ordering::Relaxed)) else {
                    break;
                };
                let rel = rel_of(root);
                let run = || capture(&rel, || one(root.clone(), shared.clone()));
                let (code, captured) = match pool {
                    Some(pool) => pool.install(run),
                    None => run(),
                };
                let part = prepare(format, rel, &captured.stdout);
                if sender.send((i, code, captured.stderr, part)).is_err() {
                    break;
                }
            };
            // Evaluation recurses as deep as the main thread lets it.
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .stack_size(8 << 20)
                .build()
                .ok();
            let work = worker.clone();
            let spawned =
                std::thread::Builder::new().spawn_scoped(scope, move || work(pool.as_ref()));
            if spawned.is_err() {
                worker(None);
            }
        }
        drop(sender);
        // Roots that finished before the ones ahead of them wait here.
        let mut waiting = BTreeMap::new();
        let mut written = 0;
        let mut result = Ok(());
        let mut write_ready = |waiting: &mut BTreeMap<usize, (u8, Vec<String>, Part)>,
                               written: &mut usize| {
            while let Some((code, stderr, part)) = waiting.remove(written) {
                *written += 1;
                if result.is_ok() {
                    result = done(code, stderr, part);
                    if result.is_err() {
                        stop.store(true, Ordering::Relaxed);
                    }
                }
            }
        };
        for (i, code, stderr, part) in finished {
            waiting.insert(i, (code, stderr, part));
            write_ready(&mut waiting, &mut written);
        }
        // A root whose run ended without a report (it panicked).
        let reported = written;
        for (i, root) in roots.iter().enumerate().skip(reported) {
            waiting
                .entry(i)
                .or_insert_with(|| (exit::INPUT, Vec::new(), prepare(format, rel_of(root), b"")));
            write_ready(&mut waiting, &mut written);
        }
        result
    });
    // The process ends next: the shared modules' syntax trees need not be
    // freed one by one (see `output::release`).
    std::mem::forget(shared);
    result
}

/// One root's output, made ready for the merged report by the worker that
/// ran it (in parallel).
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
        "json" | "json-compact" => Part {
            text: json_element(&rel, &text, format == "json-compact"),
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

/// The merged report being written: its head when it starts, each root's
/// part as it comes, its tail at the end.
struct Merged<'a> {
    format: &'a str,
    out: &'a mut dyn Write,
    parts: usize,
    /// SARIF: the log around its results (split where they go), and
    /// whether every root succeeded and their notifications so far.
    sarif: Option<(String, bool, Vec<Value>)>,
    /// JUnit: the parts, whose totals head the merged document.
    junit: Vec<Part>,
}

impl<'a> Merged<'a> {
    fn start(format: &'a str, path: &Path, out: &'a mut dyn Write) -> std::io::Result<Self> {
        let mut sarif = None;
        match format {
            "json" => out.write_all(b"{\n  \"recursive\": true,\n  \"roots\": [")?,
            "json-compact" => out.write_all(b"{\"compact\":true,\"recursive\":true,\"roots\":[")?,
            "sarif" => {
                let (head, tail) = sarif_frame(path);
                out.write_all(head.as_bytes())?;
                sarif = Some((tail, true, Vec::new()));
            }
            _ => {}
        }
        Ok(Merged {
            format,
            out,
            parts: 0,
            sarif,
            junit: Vec::new(),
        })
    }

    fn add(&mut self, mut part: Part) -> std::io::Result<()> {
        if let (Some((_, successful, notifications)), Some((ok, notes))) =
            (self.sarif.as_mut(), part.sarif.take())
        {
            *successful &= ok;
            notifications.extend(notes);
        }
        match self.format {
            "junit" => {
                self.junit.push(part);
                return Ok(());
            }
            // A root with no results adds none.
            "sarif" if part.text.is_empty() => return Ok(()),
            // Elements of a JSON list.
            "json" | "json-compact" | "sarif" => {
                let separator = if self.parts == 0 { "\n" } else { ",\n" };
                self.out.write_all(separator.as_bytes())?;
            }
            // Sections of text.
            _ => {
                let separator = if self.parts == 0 { "" } else { "\n" };
                writeln!(self.out, "{separator}==> {} <==", part.rel)?;
            }
        }
        self.out.write_all(part.text.as_bytes())?;
        self.parts += 1;
        Ok(())
    }

    fn end(self) -> std::io::Result<()> {
        let out = self.out;
        match self.format {
            "json" if self.parts == 0 => out.write_all(b"]\n}\n"),
            "json" => out.write_all(b"\n  ]\n}\n"),
            "json-compact" => out.write_all(b"]}\n"),
            "sarif" => {
                let (tail, successful, notifications) = self.sarif.unwrap_or_default();
                let invocations = tfready_report::invocations(successful, notifications);
                let mut text = String::new();
                indent_into(
                    &mut text,
                    &serde_json::to_string_pretty(&invocations).unwrap_or_default(),
                    6,
                );
                let close = if self.parts == 0 { "]" } else { "\n      ]" };
                write!(
                    out,
                    "{close},\n      \"invocations\": {}{tail}\n",
                    text.trim_start()
                )
            }
            "junit" => out.write_all(merge_junit(&self.junit).as_bytes()),
            _ => Ok(()),
        }
    }
}

/// The merged SARIF log around its results: one run, the rule registry
/// once, PATH as the source root; what comes before the results' list and
/// what comes after it, where the run's `invocations` are then written
/// (every root's success and notifications, known only at the end).
fn sarif_frame(path: &Path) -> (String, String) {
    const MARK: &str = "\u{0}tfready-results";
    let root = tfready_model::canonical(path).unwrap_or_else(|_| path.to_path_buf());
    let mut doc = tfready_report::sarif_log(&root, true, Vec::new(), Value::String(MARK.into()));
    if let Some(run) = doc["runs"][0].as_object_mut() {
        run.remove("invocations");
    }
    let skeleton = serde_json::to_string_pretty(&doc).unwrap_or_default();
    let quoted = serde_json::to_string(MARK).unwrap_or_default();
    let at = skeleton.find(&quoted).unwrap_or(skeleton.len());
    let tail = skeleton.get(at + quoted.len()..).unwrap_or_default();
    (format!("{}[", &skeleton[..at]), tail.to_string())
}

/// A root's JSON document, written as an element of the merged `roots`
/// (see `Report::part_of`), or, when the root wrote none, one that says so.
fn json_element(rel: &str, text: &str, compact: bool) -> String {
    let doc = text.trim_end();
    if doc.trim_start().starts_with('{') && doc.ends_with('}') {
        return doc.to_string();
    }
    let fallback = json!({ "root": rel, "error": "no report (see stderr)" });
    if compact {
        return fallback.to_string();
    }
    let mut out = String::new();
    indent_into(
        &mut out,
        &serde_json::to_string_pretty(&fallback).unwrap_or_default(),
        4,
    );
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

/// A root's SARIF log (written as `Report::part_of` says: its files
/// relative to PATH, its results naming their root) as results of the merged run: the
/// text of its results, copied as written (at the depth the merged log
/// has them), and its success and notifications. Only the log's top levels
/// are parsed.
fn sarif_part(rel: String, text: &str) -> Part {
    use serde_json::value::RawValue;
    #[derive(serde::Deserialize)]
    struct Log<'a> {
        #[serde(borrow)]
        runs: Vec<Run<'a>>,
    }
    #[derive(serde::Deserialize)]
    struct Run<'a> {
        #[serde(borrow)]
        results: Option<&'a RawValue>,
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
    let Some(run) = serde_json::from_str::<Log<'_>>(text)
        .ok()
        .and_then(|l| l.runs.into_iter().next())
    else {
        return Part {
            rel,
            text: String::new(),
            sarif: Some((false, Vec::new())),
        };
    };
    // `[\n        {...},\n        {...}\n      ]`: the elements, each line
    // as indented.
    let list = run.results.map_or("", |r| r.get());
    let inner = list.strip_prefix('[').unwrap_or(list);
    let inner = inner.strip_suffix(']').unwrap_or(inner);
    let text = inner.trim_start_matches('\n').trim_end().to_string();
    let invocation = run.invocations.into_iter().next();
    let successful = invocation.as_ref().is_some_and(|i| i.successful);
    let notifications = invocation.map(|i| i.notifications).unwrap_or_default();
    Part {
        rel,
        text,
        sarif: Some((successful, notifications)),
    }
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
