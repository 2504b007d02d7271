//! Loading a project: every `.tf` and `.tf.json` file of the root directory,
//! local module calls followed recursively, tfvars collected. Broken files
//! become diagnostics; loading goes on with the rest.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::ast::Span as _;
use crate::ast::{Block, Body};
use rayon::prelude::*;

use crate::bounded::BoundedError;
use crate::diag::{Diagnostic, LoadError};
use crate::model::{collect, Module, ModuleId, ModuleSource};
use crate::source::{display_path, FileId, Location, SourceFile, Span};
use crate::{json, Project};

/// Bounds on the work one run may do, so hostile input cannot hang it.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Files larger than this are reported and skipped.
    pub max_file_bytes: u64,
    /// Module calls nested deeper than this are reported and not followed.
    pub max_module_depth: usize,
    /// Bracket nesting deeper than this is reported (the parser recurses).
    pub max_nesting: usize,
    /// `count` / `for_each` larger than this is treated as unknown.
    pub max_expansion: usize,
    /// Seconds a file may take to parse (only deeply nested input
    /// can take long: see `bounded.rs`); slower files are reported and skipped.
    pub max_parse_seconds: f64,
}

impl Limits {
    pub(crate) fn parse_time(&self) -> std::time::Duration {
        std::time::Duration::try_from_secs_f64(self.max_parse_seconds.max(0.0))
            .unwrap_or(std::time::Duration::MAX)
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 64 * 1024 * 1024,
            max_module_depth: 32,
            max_nesting: 256,
            max_expansion: 10_000,
            max_parse_seconds: 10.0,
        }
    }
}

/// What the user asked for on the command line.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// `--var-file`, in order (later wins).
    pub var_files: Vec<PathBuf>,
    /// `--var NAME=VALUE`, in order (later wins, and wins over files).
    pub vars: Vec<String>,
    /// `--env NAME`: loads `environments/NAME.tfvars` when present and sets
    /// `var.environment` unless a file sets it.
    pub env: Option<String>,
    pub limits: Limits,
    /// Counts the files read so far, for a progress display.
    pub progress: Option<Arc<std::sync::atomic::AtomicUsize>>,
    /// Files parsed by earlier loads of the same run (a recursive run's
    /// roots share their local modules): each is read and parsed once.
    pub cache: Option<Arc<ParseCache>>,
    /// The directory module sources may reach into (as `../modules/x` in
    /// a monorepo). By default the git work tree the root is in, else the
    /// root itself: what lies beyond is reported, not read.
    pub boundary: Option<PathBuf>,
}

/// Files read and parsed, by path, shared by the loads of one run: the
/// files of modules outside the root loading them, which other roots may
/// call too.
#[derive(Default)]
pub struct ParseCache {
    files: std::sync::Mutex<HashMap<PathBuf, Arc<CachedFile>>>,
    /// Directories that exist only in memory (see [`ParseCache::give`]),
    /// each with its files, sorted.
    memory: std::sync::Mutex<HashMap<PathBuf, Vec<PathBuf>>>,
}

/// A file parsed without a problem (files with one are parsed again, so
/// that each load reports them under its own names).
struct CachedFile {
    text: Arc<str>,
    body: Body,
    /// Given by [`ParseCache::give`]: taken by the load that reads it.
    once: bool,
}

/// What the cache holds for a file: its own (given once) or a shared copy.
enum Hit {
    Given(Arc<str>, Body),
    Shared(Arc<CachedFile>),
}

impl std::fmt::Debug for ParseCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.files.lock().map_or(0, |m| m.len());
        write!(f, "ParseCache({n} files)")
    }
}

impl ParseCache {
    /// A file that exists only in memory (a plan's converted modules,
    /// built from the plan): its directory is listed from what was given,
    /// never from disk, and the load that reads `path` takes its text and
    /// body. A plan is thus read without writing anything, even where no
    /// temporary directory is writable.
    pub fn give(&self, path: PathBuf, text: Arc<str>, body: Body) {
        if let Some(dir) = path.parent() {
            let mut memory = self.memory.lock().unwrap_or_else(|e| e.into_inner());
            let files = memory.entry(dir.to_path_buf()).or_default();
            if let Err(at) = files.binary_search(&path) {
                files.insert(at, path.clone());
            }
        }
        let entry = Arc::new(CachedFile {
            text,
            body,
            once: true,
        });
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path, entry);
    }

    /// The files of `dir` when it exists only in memory.
    fn memory_dir(&self, dir: &Path) -> Option<Vec<PathBuf>> {
        let memory = self.memory.lock().unwrap_or_else(|e| e.into_inner());
        memory.get(dir).cloned()
    }

    fn is_memory_dir(&self, dir: &Path) -> bool {
        let memory = self.memory.lock().unwrap_or_else(|e| e.into_inner());
        memory.contains_key(dir)
    }

    fn get(&self, path: &Path) -> Option<Hit> {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        let entry = files.get(path)?;
        if !entry.once {
            return Some(Hit::Shared(Arc::clone(entry)));
        }
        let entry = files.remove(path)?;
        Some(match Arc::try_unwrap(entry) {
            Ok(own) => Hit::Given(own.text, own.body),
            Err(shared) => Hit::Shared(shared),
        })
    }

    fn put(&self, path: &Path, parsed: &Parsed) {
        if let (Some(body), true) = (&parsed.body, parsed.diags.is_empty()) {
            let entry = Arc::new(CachedFile {
                text: parsed.file.text.clone(),
                body: body.clone(),
                once: false,
            });
            self.files
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(path.to_path_buf(), entry);
        }
    }
}

/// How far module sources may reach from `dir`: the git work tree it is in
/// (the nearest ancestor holding `.git`), else `otherwise`.
pub fn boundary_of(dir: &Path, otherwise: &Path) -> PathBuf {
    dir.ancestors()
        .find(|d| d.join(".git").exists())
        .unwrap_or(otherwise)
        .to_path_buf()
}

pub(crate) struct Loader<'a> {
    root: PathBuf,
    /// See [`LoadOptions::boundary`].
    boundary: PathBuf,
    cache: Option<Arc<ParseCache>>,
    limits: &'a Limits,
    progress: Option<Arc<std::sync::atomic::AtomicUsize>>,
    pub files: Vec<SourceFile>,
    pub modules: Vec<Module>,
    pub diagnostics: Vec<Diagnostic>,
    by_dir: HashMap<PathBuf, ModuleId>,
    /// `terraform init`'s record of downloaded modules: key (`db`,
    /// `db.db_instance`) to directory.
    downloaded: HashMap<String, PathBuf>,
    /// Module directories read and parsed ahead (see [`Loader::prefetch`]).
    prefetched: HashMap<PathBuf, Vec<Parsed>>,
}

/// `.terraform/modules/modules.json`, as `terraform init` writes it.
fn downloaded_modules(root: &Path) -> HashMap<String, PathBuf> {
    #[derive(serde::Deserialize)]
    struct Manifest {
        #[serde(rename = "Modules", default)]
        modules: Vec<Entry>,
    }
    #[derive(serde::Deserialize)]
    struct Entry {
        #[serde(rename = "Key")]
        key: String,
        #[serde(rename = "Dir")]
        dir: String,
    }
    let path = root.join(".terraform").join("modules").join("modules.json");
    let Ok(text) = std::fs::read_to_string(path) else {
        return HashMap::new();
    };
    serde_json::from_str::<Manifest>(&text)
        .map(|m| {
            m.modules
                .into_iter()
                .filter(|e| !e.key.is_empty())
                .map(|e| (e.key, root.join(e.dir)))
                .collect()
        })
        .unwrap_or_default()
}

/// One file read and parsed, before it joins the project.
struct Parsed {
    file: SourceFile,
    body: Option<Body>,
    diags: Vec<Diagnostic>,
}

pub(crate) fn load(path: &Path, opts: &LoadOptions) -> Result<Project, LoadError> {
    let shown = path.display().to_string();
    let in_memory = opts.cache.as_deref().is_some_and(|c| c.is_memory_dir(path));
    // A stack in memory is named as given, and nothing it calls is on disk.
    let (root, boundary) = if in_memory {
        (path.to_path_buf(), path.to_path_buf())
    } else {
        let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => LoadError::NotFound(shown.clone()),
            _ => LoadError::Unreadable(shown.clone(), e.to_string()),
        })?;
        if !meta.is_dir() {
            return Err(LoadError::NotADirectory(shown));
        }
        let root = crate::canonical(path)
            .map_err(|e| LoadError::Unreadable(shown.clone(), e.to_string()))?;
        let boundary = match &opts.boundary {
            Some(b) => crate::canonical(b).unwrap_or_else(|_| b.clone()),
            None => boundary_of(&root, &root),
        };
        (root, boundary)
    };
    let mut loader = Loader {
        root: root.clone(),
        boundary,
        cache: opts.cache.clone(),
        limits: &opts.limits,
        progress: opts.progress.clone(),
        files: Vec::new(),
        modules: Vec::new(),
        diagnostics: Vec::new(),
        by_dir: HashMap::new(),
        downloaded: downloaded_modules(&root),
        prefetched: HashMap::new(),
    };
    if loader.listed(&root).is_empty() {
        return Err(LoadError::NoTerraformFiles(shown));
    }
    loader.prefetch();
    loader.load_module(&root, 0, "");
    Project::with_variables(
        root,
        shown,
        loader.files,
        Arc::new(loader.modules),
        Arc::new(loader.diagnostics),
        opts,
    )
}

/// The key `terraform init` gives the call `name` in the module keyed `key`
/// (`""` for the root): `db`, `db.db_instance`.
fn child_key(key: &str, name: &str) -> String {
    if key.is_empty() {
        name.to_string()
    } else {
        format!("{key}.{name}")
    }
}

/// `.tf` and `.tf.json` files directly in `dir` (Terraform does not recurse),
/// sorted so every run sees the same order.
pub(crate) fn terraform_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            (name.ends_with(".tf") || name.ends_with(".tf.json")) && !name.starts_with('.')
        })
        .collect();
    files.sort();
    files
}

impl Loader<'_> {
    /// The directory's files as the cache has them in memory, else as
    /// [`terraform_files`] lists them.
    fn listed(&self, dir: &Path) -> Vec<PathBuf> {
        self.cache
            .as_deref()
            .and_then(|c| c.memory_dir(dir))
            .unwrap_or_else(|| terraform_files(dir))
    }

    fn in_memory(&self, dir: &Path) -> bool {
        self.cache.as_deref().is_some_and(|c| c.is_memory_dir(dir))
    }

    fn is_dir(&self, dir: &Path) -> bool {
        self.in_memory(dir) || dir.is_dir()
    }

    /// A module call's directory, canonical ([`canonical_target`]); from a
    /// directory in memory, the call's path resolved by hand and found in
    /// memory (a stack in memory calls nothing on disk).
    fn locate(&self, dir: &Path, target: &Path) -> std::io::Result<PathBuf> {
        if !self.in_memory(dir) {
            return canonical_target(dir, target);
        }
        let mut at = PathBuf::new();
        for c in target.components() {
            match c {
                std::path::Component::CurDir => {}
                std::path::Component::ParentDir => {
                    at.pop();
                }
                other => at.push(other),
            }
        }
        if self.in_memory(&at) {
            Ok(at)
        } else {
            Err(std::io::ErrorKind::NotFound.into())
        }
    }

    /// Reads and parses every module directory the calls reach, a level of
    /// the call tree at a time, each level's files in one parallel batch:
    /// the depth-first assembly ([`Loader::load_module`]) then finds them
    /// parsed. One batch a module would leave a core idle on the many
    /// small modules of most trees. Directories are found as
    /// [`Loader::resolve_source`] finds them; what it then rejects (beyond
    /// the boundary, too deep) is not parsed here either.
    fn prefetch(&mut self) {
        let mut level: Vec<(PathBuf, String, usize)> = vec![(self.root.clone(), String::new(), 0)];
        let mut seen: std::collections::HashSet<PathBuf> = [self.root.clone()].into();
        while !level.is_empty() {
            let dirs: Vec<PathBuf> = level.iter().map(|(d, _, _)| d.clone()).collect();
            let parsed = self.parse_all(&dirs);
            let mut next = Vec::new();
            for ((dir, key, depth), files) in level.into_iter().zip(parsed) {
                for body in files.iter().filter_map(|f| f.body.as_ref()) {
                    for b in body.blocks().filter(|b| b.ident.as_str() == "module") {
                        let (Some(name), Some(source)) = (
                            b.labels.first(),
                            b.body
                                .get_attribute("source")
                                .and_then(|a| a.value.as_str()),
                        ) else {
                            continue;
                        };
                        let child = child_key(&key, name.as_str());
                        let Some(target) = self.target(&dir, source, &child) else {
                            continue;
                        };
                        let Ok(canon) = self.locate(&dir, &target) else {
                            continue;
                        };
                        if canon.starts_with(&self.boundary)
                            && depth < self.limits.max_module_depth
                            && self.is_dir(&canon)
                            && seen.insert(canon.clone())
                        {
                            next.push((canon, child, depth + 1));
                        }
                    }
                }
                self.prefetched.insert(dir, files);
            }
            level = next;
        }
    }

    /// The `.tf` files of each directory, read and parsed in parallel;
    /// one list per directory, in its order.
    fn parse_all(&self, dirs: &[PathBuf]) -> Vec<Vec<Parsed>> {
        let jobs: Vec<(usize, PathBuf)> = dirs
            .iter()
            .enumerate()
            .flat_map(|(i, d)| self.listed(d).into_iter().map(move |p| (i, p)))
            .collect();
        let (root, limits, progress) = (&self.root, self.limits, &self.progress);
        let cache = self.cache.as_deref();
        let parsed: Vec<(usize, Parsed)> = jobs
            .into_par_iter()
            .map(|(i, p)| {
                let parsed = match cache.and_then(|c| c.get(&p)) {
                    Some(hit) => {
                        let (text, body) = match hit {
                            Hit::Given(text, body) => (text, body),
                            Hit::Shared(c) => (c.text.clone(), c.body.clone()),
                        };
                        Parsed {
                            file: SourceFile::new(display_path(root, &p), p.clone(), text),
                            body: Some(body),
                            diags: Vec::new(),
                        }
                    }
                    None => {
                        let parsed = parse_file(root, &p, limits);
                        // Only files outside the root can be another
                        // root's: the root's own are not kept.
                        if let Some(c) = cache.filter(|_| !p.starts_with(root)) {
                            c.put(&p, &parsed);
                        }
                        parsed
                    }
                };
                if let Some(n) = progress {
                    n.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
                (i, parsed)
            })
            .collect();
        let mut out: Vec<Vec<Parsed>> = dirs.iter().map(|_| Vec::new()).collect();
        for (i, p) in parsed {
            out[i].push(p);
        }
        out
    }

    /// Where a module call's code is: the directory `terraform init`
    /// downloaded it to, or its local path; `None` for a remote source not
    /// downloaded.
    fn target(&self, dir: &Path, source: &str, key: &str) -> Option<PathBuf> {
        let local = source.starts_with("./") || source.starts_with("../");
        match self.downloaded.get(key) {
            Some(d) if !local => Some(d.clone()),
            _ if !local => None,
            _ => Some(dir.join(source)),
        }
    }

    /// Loads the module in `dir`; `key` is its path of call names, as
    /// `terraform init` keys modules (`""` for the root, `db.db_instance`).
    fn load_module(&mut self, dir: &Path, depth: usize, key: &str) -> ModuleId {
        let id = self.modules.len();
        self.by_dir.insert(dir.to_path_buf(), id);
        let display = display_path(&self.root, dir);
        let mut module = Module {
            dir: if display == "." {
                String::new()
            } else {
                display
            },
            ..Module::default()
        };
        self.modules.push(Module::default());

        let parsed = match self.prefetched.remove(dir) {
            Some(p) => p,
            None => self.parse_all(&[dir.to_path_buf()]).remove(0),
        };
        for p in parsed {
            let file_id = self.files.len();
            self.diagnostics.extend(p.diags);
            if let Some(body) = p.body {
                // JSON blocks carry no span: their keys are found in the text.
                let keys = p
                    .file
                    .display
                    .ends_with(".json")
                    .then(|| json::KeyIndex::new(&p.file.text));
                let keys = keys.as_ref();
                for b in body.blocks() {
                    if let Some(msg) = invalid_name(b) {
                        let span = block_span(file_id, b, keys);
                        let location = p.file.location(&span.range);
                        self.diagnostics
                            .push(Diagnostic::error("invalid-name", location, msg));
                    }
                }
                collect(&mut module, file_id, body, |b: &Block| {
                    block_span(file_id, b, keys)
                });
            }
            module.files.push(file_id);
            self.files.push(p.file);
        }

        // Follow local module calls.
        for i in 0..module.calls.len() {
            let call = &module.calls[i];
            let location = self.files[call.file].location(&call.span.range);
            let child = child_key(key, &call.name);
            let source =
                self.resolve_source(dir, &call.source_text, depth, &location, &call.name, &child);
            module.calls[i].source = source;
        }
        // Held for the whole run: drop the growth slack.
        module.resources.shrink_to_fit();
        module.calls.shrink_to_fit();
        module.other.shrink_to_fit();
        self.modules[id] = module;
        id
    }

    fn resolve_source(
        &mut self,
        dir: &Path,
        source: &str,
        depth: usize,
        location: &Location,
        name: &str,
        key: &str,
    ) -> ModuleSource {
        if source.is_empty() {
            self.diagnostics.push(Diagnostic::warning(
                "module-invalid-source",
                location.clone(),
                format!("module \"{name}\" has no literal `source`; it is not analysed"),
            ));
            return ModuleSource::Invalid;
        }
        let Some(target) = self.target(dir, source, key) else {
            self.diagnostics.push(Diagnostic::note(
                "module-remote",
                location.clone(),
                format!("module \"{name}\" comes from {source:?}, which is not downloaded here (no entry in .terraform/modules/modules.json; run `terraform init`): the resources it creates are not analysed"),
            ));
            return ModuleSource::Remote(source.to_string());
        };
        let Ok(canon) = self.locate(dir, &target) else {
            self.diagnostics.push(Diagnostic::error(
                "module-missing",
                location.clone(),
                format!("module \"{name}\": source {source:?} does not exist"),
            ));
            return ModuleSource::Missing(source.to_string());
        };
        if !canon.starts_with(&self.boundary) {
            self.diagnostics.push(Diagnostic::warning(
                "module-outside-root",
                location.clone(),
                format!("module \"{name}\": source {source:?} is outside the project root and its repository; it is not followed"),
            ));
            return ModuleSource::OutsideRoot(source.to_string());
        }
        if let Some(&id) = self.by_dir.get(&canon) {
            // Already loaded (shared module) or being loaded (a cycle, which
            // instance expansion detects and reports).
            return ModuleSource::Local(id);
        }
        if !self.is_dir(&canon) || self.listed(&canon).is_empty() {
            self.diagnostics.push(Diagnostic::error(
                "module-missing",
                location.clone(),
                format!("module \"{name}\": {source:?} holds no .tf files"),
            ));
            return ModuleSource::Missing(source.to_string());
        }
        if depth + 1 > self.limits.max_module_depth {
            self.diagnostics.push(Diagnostic::error(
                "too-deep",
                location.clone(),
                format!(
                    "module \"{name}\": more than {} levels of nested modules; not followed",
                    self.limits.max_module_depth
                ),
            ));
            return ModuleSource::Missing(source.to_string());
        }
        ModuleSource::Local(self.load_module(&canon, depth + 1, key))
    }
}

/// A module call's directory, canonical: `dir` (the calling module's, itself
/// canonical) joined with a relative source, or a downloaded module's.
fn canonical_target(dir: &Path, target: &Path) -> std::io::Result<PathBuf> {
    match target.strip_prefix(dir) {
        Ok(rel) => crate::canonical_join(dir, rel),
        Err(_) => crate::canonical(target),
    }
}

fn block_span(file: FileId, block: &Block, json_keys: Option<&json::KeyIndex>) -> Span {
    let range = block
        .span()
        .or_else(|| json_keys.and_then(|k| k.block(block)))
        .unwrap_or(0..0);
    Span::new(file, range)
}

fn parse_file(root: &Path, path: &Path, limits: &Limits) -> Parsed {
    let display = display_path(root, path);
    let mut diags = Vec::new();
    let (text, body): (Arc<str>, Option<Body>) = match read_text(path, limits) {
        Err((code, msg)) => {
            diags.push(Diagnostic::error(code, Location::file_only(&display), msg));
            ("".into(), None)
        }
        Ok(text) => {
            let text: Arc<str> = text.into();
            let body = if display.ends_with(".json") {
                match json::parse_tf_json(&text) {
                    Ok(body) => Some(body),
                    Err((line, column, msg)) => {
                        diags.push(parse_error(&display, line, column, msg));
                        None
                    }
                }
            } else {
                match crate::bounded::nesting(&text, limits.max_nesting) {
                    Err((line, column)) => {
                        diags.push(Diagnostic::error(
                            "too-deep",
                            Location {
                                file: display.clone(),
                                line,
                                column,
                                end_line: line,
                                end_column: column,
                            },
                            format!(
                                "expressions nested more than {} levels deep; file skipped",
                                limits.max_nesting
                            ),
                        ));
                        None
                    }
                    Ok(depth) => {
                        match crate::bounded::parse_body_nested(&text, depth, limits.parse_time()) {
                            Ok(body) => Some(body),
                            Err(BoundedError::Syntax(e)) => {
                                let loc = e.location();
                                diags.push(parse_error(
                                    &display,
                                    loc.line(),
                                    loc.column(),
                                    e.message().to_string(),
                                ));
                                None
                            }
                            Err(BoundedError::TimedOut) => {
                                diags.push(crate::bounded::timed_out(&display, limits));
                                None
                            }
                        }
                    }
                }
            };
            (text, body)
        }
    };
    Parsed {
        file: SourceFile::new(display, path.to_path_buf(), text),
        body,
        diags,
    }
}

/// Terraform rejects declarations whose names are not identifiers
/// ("Invalid resource name"); so does tfready, naming the block.
fn invalid_name(b: &Block) -> Option<String> {
    let kind = b.ident.as_str();
    let names: &[_] = match kind {
        "resource" | "data" => &b.labels[..b.labels.len().min(2)],
        "variable" | "output" | "module" => &b.labels[..b.labels.len().min(1)],
        _ => return None,
    };
    let bad = names.iter().map(|l| l.as_str()).find(|n| {
        let mut chars = n.chars();
        !chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            || !chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    })?;
    Some(format!(
        "invalid {kind} name {bad:?}: a name must start with a letter or underscore and contain only letters, digits, underscores and dashes"
    ))
}

fn parse_error(display: &str, line: usize, column: usize, msg: String) -> Diagnostic {
    Diagnostic::error(
        "parse-error",
        Location {
            file: display.to_string(),
            line,
            column,
            end_line: line,
            end_column: column,
        },
        format!("syntax error: {msg}"),
    )
}

/// Reads a file as UTF-8 text, without a byte-order mark.
pub(crate) fn read_text(path: &Path, limits: &Limits) -> Result<String, (&'static str, String)> {
    let meta = std::fs::metadata(path).map_err(|e| ("unreadable", format!("cannot read: {e}")))?;
    if meta.is_dir() {
        return Err(("unreadable", "is a directory, not a file".to_string()));
    }
    // Spans and line tables are 32-bit: no configured limit goes past that.
    let max = limits.max_file_bytes.min(u32::MAX as u64 - 1);
    if meta.len() > max {
        return Err((
            "too-large",
            format!(
                "{} bytes is over the {max}-byte limit; file skipped",
                meta.len()
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| ("unreadable", format!("cannot read: {e}")))?;
    let mut text = String::from_utf8(bytes).map_err(|e| {
        (
            "not-utf8",
            format!(
                "not valid UTF-8 (first bad byte at offset {}); Terraform files must be UTF-8",
                e.utf8_error().valid_up_to()
            ),
        )
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok(text)
}
