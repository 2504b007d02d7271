//! `cargo xtask corpus --files N --seed S --out DIR [--deep]` writes a
//! realistic Terraform tree for benchmarks (`--bad 100 --per-file 40`:
//! every resource configured badly, 40 a file; `--monorepo`: N roots sharing local modules;
//! `--downloaded`: registry modules under `.terraform/modules`; `--plan`: a
//! plan JSON file of N resources at DIR); `cargo xtask parse DIR` times
//! hcl-edit alone on the same files (the floor tfready is measured against);
//! (of a plan file: serde_json alone); `cargo xtask stages DIR` times each stage of an audit (for profiling:
//! build with `--profile profiling`, which keeps line tables); `cargo xtask layout`
//! lists import cycles between the files of a crate and files over 800 lines.

mod corpus;
mod layout;

// As in the binary: `stages` measures what a user's run does.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn usage() -> ExitCode {
    eprintln!("usage: cargo xtask corpus --files N [--seed S] [--bad PERCENT] [--per-file N] [--deep | --monorepo | --downloaded | --plan] --out DIR\n       cargo xtask parse DIR [--threads N] [--keep]\n       cargo xtask stages DIR\n       cargo xtask direct PATH...\n       cargo xtask layout [CRATES_DIR]");
    ExitCode::from(2)
}

fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("corpus") => {
            let (Some(files), Some(out)) = (
                flag(&args, "--files").and_then(|f| f.parse().ok()),
                flag(&args, "--out"),
            ) else {
                return usage();
            };
            let seed = flag(&args, "--seed")
                .and_then(|s| s.parse().ok())
                .unwrap_or(1);
            let out = PathBuf::from(out);
            let bad = flag(&args, "--bad")
                .and_then(|b| b.parse().ok())
                .unwrap_or(40);
            let written = if args.iter().any(|a| a == "--monorepo") {
                corpus::write_monorepo(files, seed, bad, &out)
            } else if args.iter().any(|a| a == "--downloaded") {
                corpus::write_downloaded(files, seed, bad, &out)
            } else if args.iter().any(|a| a == "--plan") {
                corpus::write_plan(files, seed, bad, &out)
            } else {
                let spec = corpus::Spec {
                    files,
                    seed,
                    deep: args.iter().any(|a| a == "--deep"),
                    bad,
                    per_file: flag(&args, "--per-file")
                        .and_then(|n| n.parse().ok())
                        .unwrap_or(32),
                };
                corpus::write(&spec, &out)
            };
            match written {
                Ok(stats) => {
                    println!("{stats}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Some("stages") => {
            let Some(dir) = args.get(1) else {
                return usage();
            };
            stages(&PathBuf::from(dir));
            ExitCode::SUCCESS
        }
        Some("direct") if args.get(1).is_some_and(|a| a == "--mutate") => {
            direct_mutated(args[2..].iter().map(PathBuf::from).collect())
        }
        Some("direct") => direct(args[1..].iter().map(PathBuf::from).collect()),
        Some("layout") => layout(args.get(1).map(PathBuf::from)),
        Some("parse") => {
            let Some(dir) = args.get(1) else {
                return usage();
            };
            let threads: usize = flag(&args, "--threads")
                .and_then(|t| t.parse().ok())
                .unwrap_or(1);
            parse_floor(
                &PathBuf::from(dir),
                threads,
                args.iter().any(|a| a == "--keep"),
            )
        }
        _ => usage(),
    }
}

/// Import cycles and long files in the workspace's crates, or in the
/// crates under `dir` (see [`layout`]).
fn layout(dir: Option<PathBuf>) -> ExitCode {
    let crates = dir.unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".."));
    let report = match layout::check(&crates) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    for cycle in &report.cycles {
        let files: Vec<String> = cycle.iter().map(|f| f.display().to_string()).collect();
        println!("import cycle between: {}", files.join(", "));
    }
    for (file, lines) in &report.long_files {
        println!(
            "{}: {lines} lines of code (at most {})",
            file.display(),
            layout::MAX_LINES
        );
    }
    if report.cycles.is_empty() && report.long_files.is_empty() {
        println!("no import cycle, no file over {} lines", layout::MAX_LINES);
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Reads and parses every `.tf` file under `dir` with hcl-edit, nothing else.
/// With `--keep`, bodies are converted to tfready's tree and kept alive, to
/// measure what holding every file's tree costs (hcl-edit's own tree is
/// ~31x the source; tfready's a fraction of that).
static KEPT: std::sync::Mutex<Vec<Option<tfready_model::ast::Body>>> =
    std::sync::Mutex::new(Vec::new());

fn parse_floor(dir: &std::path::Path, threads: usize, keep: bool) -> ExitCode {
    use rayon::prelude::*;
    if dir.is_file() {
        // A plan: its floor is reading it and building its JSON tree.
        let start = Instant::now();
        let Ok(text) = std::fs::read(dir) else {
            eprintln!("error: cannot read {}", dir.display());
            return ExitCode::FAILURE;
        };
        let errors = usize::from(serde_json::from_slice::<serde_json::Value>(&text).is_err());
        let secs = start.elapsed().as_secs_f64();
        println!(
            "1 files, {:.1} MB, {errors} parse errors, {secs:.3} s, {:.1} MB/s on 1 thread(s)",
            text.len() as f64 / 1e6,
            text.len() as f64 / 1e6 / secs
        );
        return ExitCode::SUCCESS;
    }
    let files = tf_files_under(vec![dir.to_path_buf()]);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool");
    let start = Instant::now();
    let (bytes, errors) = pool.install(|| {
        files
            .par_iter()
            .map(|p| {
                let text = std::fs::read_to_string(p).unwrap_or_default();
                let parsed = hcl_edit::parser::parse_body(&text);
                let ok = parsed.is_ok();
                if keep {
                    let tree = parsed.ok().map(tfready_model::ast::convert_body);
                    KEPT.lock().expect("lock").push(tree);
                }
                (text.len(), usize::from(!ok))
            })
            .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
    });
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{} files, {:.1} MB, {errors} parse errors, {secs:.3} s, {:.1} MB/s on {threads} thread(s)",
        files.len(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / secs
    );
    ExitCode::SUCCESS
}

/// [`direct`] on texts made wrong: each file with one byte deleted, or
/// with a brace, quote, line break, parenthesis or `$` inserted, at every
/// 7th place (a cheap differential fuzzer; `cargo fuzz` needs nightly).
fn direct_mutated(dirs: Vec<PathBuf>) -> ExitCode {
    use rayon::prelude::*;
    use tfready_model::ast::{check_direct, DirectCheck};
    let files = tf_files_under(dirs);
    let differs: Vec<String> = files
        .par_iter()
        .flat_map_iter(|p| {
            let text = std::fs::read_to_string(p).unwrap_or_default();
            let bytes = text.into_bytes();
            let mut found = Vec::new();
            for at in (0..bytes.len()).step_by(7) {
                // None deletes the byte; Some(c) inserts c before it.
                for with in [
                    None,
                    Some(b'{'),
                    Some(b'"'),
                    Some(b'\n'),
                    Some(b'('),
                    Some(b'$'),
                ] {
                    let mut m = bytes.clone();
                    match with {
                        None => {
                            m.remove(at);
                        }
                        Some(c) => m.insert(at, c),
                    }
                    let Ok(t) = String::from_utf8(m) else {
                        continue;
                    };
                    if check_direct(&t) == DirectCheck::Differs {
                        found.push(format!("{} at {at} ({with:?})", p.display()));
                    }
                }
            }
            found
        })
        .collect();
    for d in &differs {
        println!("differs: {d}");
    }
    println!(
        "{} files mutated, {} mutations read differently",
        files.len(),
        differs.len()
    );
    if differs.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn tf_files_under(dirs: Vec<PathBuf>) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut stack = dirs;
    while let Some(d) = stack.pop() {
        if d.is_file() {
            files.push(d);
            continue;
        }
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "tf") {
                files.push(p);
            }
        }
    }
    files
}

/// The direct parser against hcl-edit on every `.tf` file under `dirs`:
/// how many it reads, leaves to hcl-edit, and reads differently (a bug:
/// those files are named).
fn direct(dirs: Vec<PathBuf>) -> ExitCode {
    use rayon::prelude::*;
    use tfready_model::ast::{check_direct, DirectCheck};
    let files = tf_files_under(dirs);
    let results: Vec<(DirectCheck, &PathBuf)> = files
        .par_iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).ok()?;
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            Some((check_direct(text), p))
        })
        .filter(|(check, _)| *check != DirectCheck::Guarded)
        .collect();
    let count = |c: DirectCheck| results.iter().filter(|r| r.0 == c).count();
    for (_, p) in results.iter().filter(|r| r.0 == DirectCheck::Differs) {
        println!("differs: {}", p.display());
    }
    for (_, p) in results.iter().filter(|r| r.0 == DirectCheck::Fallback) {
        eprintln!("fallback: {}", p.display());
    }
    println!(
        "{} files: {} read directly, {} left to hcl-edit, {} refused by both, {} read differently",
        results.len(),
        count(DirectCheck::Same),
        count(DirectCheck::Fallback),
        count(DirectCheck::BothRefuse),
        count(DirectCheck::Differs)
    );
    if count(DirectCheck::Differs) == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Load, validate and audit, each timed: where an audit spends its time.
fn stages(dir: &std::path::Path) {
    let t = Instant::now();
    let project =
        tfready_model::Project::load(dir, &tfready_model::LoadOptions::default()).expect("load");
    let load = t.elapsed();
    eprintln!("after load: {}", memory());
    let t = Instant::now();
    let problems = tfready_validate::validate(&project);
    let validate = t.elapsed();
    eprintln!("after validate: {}", memory());
    let t = Instant::now();
    let result = tfready_rules::audit(&project, &tfready_rules::Config::default());
    let audit = t.elapsed();
    eprintln!("after audit: {}", memory());
    println!(
        "load {:.3} s ({} files), validate {:.3} s ({} problems), audit {:.3} s ({} findings)",
        load.as_secs_f64(),
        project.files.len(),
        validate.as_secs_f64(),
        problems.len(),
        audit.as_secs_f64(),
        result.findings.len()
    );
    // Per environment, what `audit` does (re-evaluate the loaded files
    // under each environment's variables) beside loading from scratch.
    let envs: Vec<String> = project.env_layout().names().map(str::to_string).collect();
    for env in envs {
        let opts = tfready_model::LoadOptions {
            env: Some(env.clone()),
            ..Default::default()
        };
        let t = Instant::now();
        let again = project.for_env(&opts).expect("re-evaluate");
        let reuse = t.elapsed();
        let t = Instant::now();
        let fresh = tfready_model::Project::load(dir, &opts).expect("load");
        let reload = t.elapsed();
        assert_eq!(again.instances.len(), fresh.instances.len());
        println!(
            "environment {env}: re-evaluated in {:.3} s (a fresh load takes {:.3} s)",
            reuse.as_secs_f64(),
            reload.as_secs_f64()
        );
    }
}

/// Resident and peak resident memory of this process (Linux), for `stages`.
fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    format!("rss {}, peak {}", field("VmRSS:"), field("VmHWM:"))
}
