//! `--recursive`: the same command on every root module under PATH, as one
//! report. Each root runs as its own `tfready` process, with the same
//! arguments; their outputs are merged per format (JSON and SARIF carry
//! each finding's root), and the exit code is the worst of them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::exit;
use crate::output::{error, print};

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

/// Runs the command on each root and prints one merged report. `format` is
/// the output format's name; `path` the PATH argument as given.
pub fn run(path: &Path, format: &str) -> u8 {
    let roots = roots(path);
    if roots.is_empty() {
        error(&format!(
            "{}: no directory with .tf files under it",
            path.display()
        ));
        return exit::INPUT;
    }
    let Ok(me) = std::env::current_exe() else {
        error("cannot find the tfready executable to run each root");
        return exit::INPUT;
    };
    let (args, output) = child_args(path);
    let mut code = exit::OK;
    let mut outputs = Vec::new();
    for root in &roots {
        let rel = root
            .strip_prefix(path)
            .map(|r| r.display().to_string())
            .unwrap_or_else(|_| root.display().to_string());
        let rel = if rel.is_empty() { ".".to_string() } else { rel };
        let mut cmd = Command::new(&me);
        cmd.args(&args).arg(root);
        let out = match cmd.output() {
            Ok(o) => o,
            Err(e) => {
                error(&format!("{rel}: {e}"));
                return exit::INPUT;
            }
        };
        // Errors name their files relative to the root: say which root.
        let stderr = String::from_utf8_lossy(&out.stderr);
        for line in stderr.lines().filter(|l| !l.trim().is_empty()) {
            eprintln!("{rel}: {line}");
        }
        code = code.max(out.status.code().unwrap_or(i32::from(exit::INPUT)) as u8);
        outputs.push((rel, String::from_utf8_lossy(&out.stdout).into_owned()));
    }
    let merged = merge(format, &outputs);
    match output {
        None => print(&merged),
        Some(file) => {
            if let Err(e) =
                crate::output::write_file(Path::new(&file), |out| out.write_all(merged.as_bytes()))
            {
                error(&format!("cannot write {file}: {e}"));
                return exit::INPUT;
            }
        }
    }
    code
}

/// This run's arguments for one root: the same, without `--recursive`,
/// without PATH (the root is appended) and without `-o/--output FILE`,
/// which the merged report goes to (returned).
fn child_args(path: &Path) -> (Vec<String>, Option<String>) {
    let given = path.as_os_str().to_string_lossy().into_owned();
    let mut out = Vec::new();
    let mut output = None;
    let mut path_seen = false;
    let mut takes_value = false;
    let mut output_next = false;
    for a in std::env::args().skip(1) {
        if output_next {
            output = Some(a);
            output_next = false;
            continue;
        }
        if takes_value {
            out.push(a);
            takes_value = false;
            continue;
        }
        if a == "--recursive" || a == "-r" {
            continue;
        }
        if a == "-o" || a == "--output" {
            output_next = true;
            continue;
        }
        if let Some(file) = a.strip_prefix("--output=").or_else(|| {
            a.strip_prefix("-o")
                .filter(|f| !f.is_empty() && !a.starts_with("--"))
        }) {
            output = Some(file.to_string());
            continue;
        }
        if !path_seen && !a.starts_with('-') && a == given && !out.is_empty() {
            path_seen = true;
            continue;
        }
        // Options that take a separate value (their value is never PATH).
        takes_value =
            a.starts_with("--") && !a.contains('=') && OPTIONS_WITH_VALUE.contains(&a.as_str());
        out.push(a);
    }
    (out, output)
}

/// The options of audit, validate and cost written `--name VALUE`.
const OPTIONS_WITH_VALUE: &[&str] = &[
    "--env",
    "--var-file",
    "--var",
    "--config",
    "--format",
    "--color",
    "--fail-on",
    "--select",
    "--schema",
    "--prices",
    "--usage",
    "--compare",
    "--skip",
    "--baseline",
    "--write-baseline",
    "--diff-base",
    "--profile",
    "--endpoint-url",
];

fn merge(format: &str, outputs: &[(String, String)]) -> String {
    match format {
        "json" => merge_json(outputs),
        "sarif" => merge_sarif(outputs),
        "junit" => merge_junit(outputs),
        _ => outputs
            .iter()
            .map(|(rel, text)| format!("==> {rel} <==\n{text}"))
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// `{ "recursive": true, "roots": [ {"root": REL, ...its document} ] }`.
fn merge_json(outputs: &[(String, String)]) -> String {
    let roots: Vec<Value> = outputs
        .iter()
        .map(|(rel, text)| {
            let mut doc: Value = serde_json::from_str(text).unwrap_or(Value::Null);
            if let Value::Object(m) = &mut doc {
                m.insert("root".into(), Value::String(rel.clone()));
                doc
            } else {
                serde_json::json!({ "root": rel, "error": "no report (see stderr)" })
            }
        })
        .collect();
    let doc = serde_json::json!({ "recursive": true, "roots": roots });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

/// One SARIF run: every root's results, their file URIs relative to PATH,
/// each result's `properties.root` naming its root.
fn merge_sarif(outputs: &[(String, String)]) -> String {
    let mut base: Option<Value> = None;
    let mut results = Vec::new();
    let mut rules: Vec<Value> = Vec::new();
    for (rel, text) in outputs {
        let Ok(doc) = serde_json::from_str::<Value>(text) else {
            continue;
        };
        let run = &doc["runs"][0];
        for rule in run["tool"]["driver"]["rules"]
            .as_array()
            .into_iter()
            .flatten()
        {
            if !rules.iter().any(|r| r["id"] == rule["id"]) {
                rules.push(rule.clone());
            }
        }
        for r in run["results"].as_array().into_iter().flatten() {
            let mut r = r.clone();
            for l in r["locations"].as_array_mut().into_iter().flatten() {
                let uri = &mut l["physicalLocation"]["artifactLocation"]["uri"];
                if let (Some(u), true) = (uri.as_str(), rel != ".") {
                    *uri = Value::String(format!("{rel}/{u}"));
                }
            }
            r["properties"]["root"] = Value::String(rel.clone());
            results.push(r);
        }
        if base.is_none() {
            base = Some(doc);
        }
    }
    let Some(mut doc) = base else {
        return String::new();
    };
    doc["runs"][0]["results"] = Value::Array(results);
    doc["runs"][0]["tool"]["driver"]["rules"] = Value::Array(rules);
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

/// One `<testsuites>`: each root's suites, named with their root.
fn merge_junit(outputs: &[(String, String)]) -> String {
    let attr = |head: &str, name: &str| -> u64 {
        head.split(&format!(" {name}=\""))
            .nth(1)
            .and_then(|r| r.split('"').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    let (mut tests, mut failures) = (0, 0);
    let mut body = String::new();
    for (rel, text) in outputs {
        let Some(start) = text.find("<testsuites") else {
            continue;
        };
        let head_end = text[start..].find('>').map_or(start, |i| start + i + 1);
        let head = &text[start..head_end];
        tests += attr(head, "tests");
        failures += attr(head, "failures");
        let end = text.rfind("</testsuites>").unwrap_or(text.len());
        let root = rel
            .replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;");
        body.push_str(
            &text[head_end..end]
                .replace("<testsuite name=\"", &format!("<testsuite name=\"{root}: ")),
        );
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"tfready\" tests=\"{tests}\" failures=\"{failures}\">{body}</testsuites>\n"
    )
}
