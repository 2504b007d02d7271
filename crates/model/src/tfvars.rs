//! Variable values from outside the code: `terraform.tfvars`,
//! `*.auto.tfvars(.json)`, `--env`, `--var-file` and `--var`, with
//! Terraform's precedence (later wins).

use std::path::{Path, PathBuf};

use crate::bounded::BoundedError;
use crate::diag::{Diagnostic, LoadError};
use crate::eval::{Env, Evaluator};
use crate::load::read_text;
use crate::secrets::looks_secret;
use crate::source::{display_path, Location, SourceFile};
use crate::value::Value;
use crate::{LoadOptions, Project};

/// One `name = value` from a tfvars file or the command line.
#[derive(Debug, Clone)]
pub struct Assignment {
    pub name: String,
    pub value: Value,
    pub origin: VarOrigin,
}

/// Where a variable's value came from, for messages like
/// "`var.ssh_allowed_cidr` = ["0.0.0.0/0"] (default, variables.tf:47)".
#[derive(Debug, Clone, PartialEq)]
pub enum VarOrigin {
    Default(Location),
    File(Location),
    /// `--var`, or `--env` setting `var.environment`.
    Flag(String),
    /// Passed by a module call; `upstream` is the origin of the caller's
    /// variable when the input is a plain `var.X`.
    ModuleInput {
        location: Location,
        upstream: Option<Box<VarOrigin>>,
    },
    /// Declared with no default and given no value.
    Unset,
}

impl std::fmt::Display for VarOrigin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VarOrigin::Default(l) => write!(f, "default at {}:{}", l.file, l.line),
            VarOrigin::File(l) => write!(f, "set in {}:{}", l.file, l.line),
            VarOrigin::Flag(s) => write!(f, "set by {s}"),
            VarOrigin::ModuleInput { location, upstream } => match upstream {
                Some(u) => write!(f, "passed at {}:{}, {u}", location.file, location.line),
                None => write!(f, "passed at {}:{}", location.file, location.line),
            },
            VarOrigin::Unset => f.write_str("no value set"),
        }
    }
}

/// An environment with nothing in it: tfvars hold literals only.
pub struct LiteralEnv;

impl Env for LiteralEnv {}

pub(crate) fn load_all(project: &mut Project, opts: &LoadOptions) -> Result<(), LoadError> {
    let root = project.root.clone();
    let mut files: Vec<PathBuf> = ["terraform.tfvars", "terraform.tfvars.json"]
        .iter()
        .map(|n| root.join(n))
        .filter(|p| p.is_file())
        .collect();
    let mut auto: Vec<PathBuf> = std::fs::read_dir(&root)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    let n = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    n.ends_with(".auto.tfvars") || n.ends_with(".auto.tfvars.json")
                })
                .collect()
        })
        .unwrap_or_default();
    auto.sort();
    files.extend(auto);
    // Only the files matter here (not workspaces), and only with `--env`:
    // no directory listing or text scan on every load.
    let env_file = opts.env.as_deref().and_then(|env| {
        crate::environments::layout(&root, std::iter::empty())
            .file(env)
            .map(str::to_string)
    });
    if let Some(f) = &env_file {
        files.push(root.join(f));
    }
    for f in &opts.var_files {
        let p = if f.is_file() { f.clone() } else { root.join(f) };
        if !p.is_file() {
            return Err(LoadError::VarFile(
                f.display().to_string(),
                "no such file".to_string(),
            ));
        }
        files.push(p);
    }

    let mut assignments = Vec::new();
    for path in files {
        read_var_file(project, &path, &mut assignments);
    }
    for flag in &opts.vars {
        let (name, raw) = flag
            .split_once('=')
            .ok_or_else(|| LoadError::BadVarFlag(flag.clone()))?;
        let value = crate::ast::parse_expr(raw)
            .ok()
            .map(|e| Evaluator::new(&LiteralEnv).eval(&e))
            .filter(|v| !v.is_unknown())
            .unwrap_or_else(|| Value::string(raw));
        assignments.push(Assignment {
            name: name.trim().to_string(),
            value,
            origin: VarOrigin::Flag(format!("--var {}", name.trim())),
        });
    }
    if let Some(env) = &opts.env {
        // `--env dev` means dev even where terraform.tfvars says prod; only
        // the environment's own file or an explicit --var decides otherwise.
        let var = crate::environments::env_var(&project.modules[0]);
        let set = assignments.iter().any(|a| {
            Some(a.name.as_str()) == var
                && match &a.origin {
                    VarOrigin::File(l) => Some(&l.file) == env_file.as_ref(),
                    VarOrigin::Flag(_) => true,
                    _ => false,
                }
        });
        if let Some(var) = var.filter(|_| !set) {
            assignments.push(Assignment {
                name: var.into(),
                value: Value::string(env.as_str()),
                origin: VarOrigin::Flag(format!("--env {env}")),
            });
        }
    }

    // Secrets: mark and remember their text so no output can show it.
    let root_vars = &project.modules[0].variables;
    for a in &mut assignments {
        let declared_sensitive = root_vars.get(&a.name).is_some_and(|v| v.sensitive);
        if declared_sensitive || looks_secret(&a.name) {
            collect_strings(&a.value, &mut project.secrets);
            a.value = a.value.clone().sensitive();
        }
    }
    project.tfvars = assignments;
    Ok(())
}

fn read_var_file(project: &mut Project, path: &Path, out: &mut Vec<Assignment>) {
    let display = display_path(&project.root, path);
    let text = match read_text(path, &project.limits) {
        Ok(t) => t,
        Err((code, msg)) => {
            project
                .diagnostics
                .push(Diagnostic::error(code, Location::file_only(&display), msg));
            return;
        }
    };
    let file = SourceFile::new(display.clone(), path.to_path_buf(), text.into());
    let text = file.text.clone();
    project.files.push(file);
    let file = project.files.last().expect("just pushed");
    if display.ends_with(".json") {
        match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(serde_json::Value::Object(o)) => {
                for (k, v) in o {
                    let at = text.find(&format!("\"{k}\"")).unwrap_or(0);
                    out.push(Assignment {
                        value: Value::from_json(&v),
                        origin: VarOrigin::File(file.location(&(at..at + k.len() + 2))),
                        name: k,
                    });
                }
            }
            Ok(_) => project.diagnostics.push(Diagnostic::error(
                "tfvars-invalid",
                Location::file_only(&display),
                "a .tfvars.json file must hold a JSON object of variable values",
            )),
            Err(e) => project.diagnostics.push(Diagnostic::error(
                "parse-error",
                Location {
                    file: display.clone(),
                    line: e.line(),
                    column: e.column(),
                    end_line: e.line(),
                    end_column: e.column(),
                },
                format!("syntax error: {e}"),
            )),
        }
        return;
    }
    match crate::bounded::parse_body(&text, project.limits.parse_time()) {
        Ok(body) => {
            for attr in body.attributes() {
                use crate::ast::Span as _;
                let loc = attr
                    .span()
                    .map_or_else(|| Location::file_only(&display), |r| file.location(&r));
                let value = Evaluator::new(&LiteralEnv).eval(&attr.value);
                out.push(Assignment {
                    name: attr.key.as_str().to_string(),
                    value,
                    origin: VarOrigin::File(loc),
                });
            }
            for block in body.blocks() {
                use crate::ast::Span as _;
                let loc = block
                    .span()
                    .map_or_else(|| Location::file_only(&display), |r| file.location(&r));
                project.diagnostics.push(Diagnostic::error(
                    "tfvars-invalid",
                    loc,
                    "blocks are not allowed in a .tfvars file, only `name = value`",
                ));
            }
        }
        Err(BoundedError::TimedOut) => {
            let d = crate::bounded::timed_out(&display, &project.limits);
            project.diagnostics.push(d);
        }
        Err(BoundedError::Syntax(e)) => {
            let l = e.location();
            project.diagnostics.push(Diagnostic::error(
                "parse-error",
                Location {
                    file: display,
                    line: l.line(),
                    column: l.column(),
                    end_line: l.line(),
                    end_column: l.column(),
                },
                format!("syntax error: {}", e.message()),
            ));
        }
    }
}

/// Every string (and number) leaf of a value, for scrubbing output.
pub(crate) fn collect_strings(v: &Value, out: &mut Vec<String>) {
    match v.unmark().0 {
        Value::String(s) if !s.is_empty() => out.push(s.clone()),
        Value::List(items) => items.iter().for_each(|i| collect_strings(i, out)),
        Value::Map(m) => m.values().for_each(|i| collect_strings(i, out)),
        _ => {}
    }
}
