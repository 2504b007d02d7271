//! The remediation manifest (`manifest.toml`, built from the rule folders'
//! templates by the rules crate): which
//! module each phase adds, with its inputs, read for pricing.

use std::fmt;
use std::path::{Path, PathBuf};

/// One remediation module of the manifest.
#[derive(Debug, Clone, PartialEq)]
pub struct ManifestModule {
    pub name: String,
    /// Absolute or relative to the current directory (resolved against the manifest's folder).
    pub dir: PathBuf,
    /// 1-4, or `None` for quick wins and modules without a phase.
    pub phase: Option<u8>,
    /// The phase as written (`2`, `quick win`).
    pub phase_text: String,
    pub rows: Vec<u32>,
    /// `NAME=VALUE` flags (values as HCL expressions), for [`LoadOptions::vars`].
    pub pricing_inputs: Vec<String>,
    /// Inputs the priced stack decides, as (input, `TYPE.ATTRIBUTE`): the
    /// attribute of the stack's first resource of that type, as the fixer
    /// passes it (the Auto Scaling group runs the instance's own type).
    pub stack_inputs: Vec<(String, String)>,
    /// `module` (priced as a standalone root), `snippet` or `environment` (changes to the
    /// existing stack: not priced as additions).
    pub kind: String,
    /// False when the template does not load as a root on its own.
    pub standalone: bool,
}

impl ManifestModule {
    /// Whether the template adds resources that are priced as a standalone root.
    pub fn priced_as_addition(&self) -> bool {
        self.kind == "module" && self.standalone
    }
}

/// The templates manifest.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Manifest {
    pub modules: Vec<ManifestModule>,
}

/// Why the phase table could not be built.
#[derive(Debug)]
pub enum PhaseError {
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    Manifest {
        path: PathBuf,
        message: String,
    },
    Project(String),
}

impl fmt::Display for PhaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PhaseError::Io { path, source } => {
                write!(f, "cannot read {}: {source}", path.display())
            }
            PhaseError::Manifest { path, message } => {
                write!(
                    f,
                    "invalid templates manifest {}: {message}",
                    path.display()
                )
            }
            PhaseError::Project(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for PhaseError {}

impl Manifest {
    /// Reads `manifest.toml`; module directories default to `modules/<name>` beside it.
    pub fn from_path(path: &Path) -> Result<Manifest, PhaseError> {
        let text = std::fs::read_to_string(path).map_err(|source| PhaseError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        Manifest::from_toml_str(&text, base).map_err(|message| PhaseError::Manifest {
            path: path.to_path_buf(),
            message,
        })
    }

    /// Parses manifest text; `base` is the folder module directories are relative to.
    pub fn from_toml_str(text: &str, base: &Path) -> Result<Manifest, String> {
        let value: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
        let list = ["template", "module", "modules", "templates"]
            .iter()
            .find_map(|key| value.get(*key))
            .ok_or("no `template` (or `module`) entries")?;
        let mut entries: Vec<(Option<String>, &toml::Table)> = Vec::new();
        match list {
            toml::Value::Array(items) => {
                for item in items {
                    let table = item.as_table().ok_or("a `module` entry is not a table")?;
                    entries.push((None, table));
                }
            }
            toml::Value::Table(table) => {
                for (name, item) in table {
                    let table = item
                        .as_table()
                        .ok_or_else(|| format!("module `{name}` is not a table"))?;
                    entries.push((Some(name.clone()), table));
                }
            }
            _ => return Err("`module` must be an array of tables or a table".into()),
        }
        let mut modules = Vec::new();
        for (key, table) in entries {
            let name = match table.get("name").and_then(toml::Value::as_str) {
                Some(name) => name.to_string(),
                None => key.ok_or("a module has no `name`")?,
            };
            let dir = table
                .get("dir")
                .or_else(|| table.get("path"))
                .and_then(toml::Value::as_str)
                .map_or_else(|| base.join("modules").join(&name), |d| base.join(d));
            let (phase, phase_text) = match table.get("phase") {
                Some(toml::Value::Integer(p)) => (
                    u8::try_from(*p).ok().filter(|p| (1..=4).contains(p)),
                    p.to_string(),
                ),
                Some(toml::Value::String(s)) => {
                    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
                    let phase = digits.parse::<u8>().ok().filter(|p| (1..=4).contains(p));
                    (phase, s.clone())
                }
                Some(other) => {
                    return Err(format!(
                        "module `{name}`: phase `{other}` is not a number or text"
                    ))
                }
                None => (None, String::new()),
            };
            let rows = match table.get("rows") {
                Some(toml::Value::Array(items)) => items
                    .iter()
                    .filter_map(|v| match v {
                        toml::Value::Integer(i) => u32::try_from(*i).ok(),
                        toml::Value::String(s) => s.trim().parse().ok(),
                        _ => None,
                    })
                    .collect(),
                Some(toml::Value::Integer(i)) => u32::try_from(*i).ok().into_iter().collect(),
                _ => Vec::new(),
            };
            let pricing_inputs = match table.get("pricing_inputs") {
                Some(toml::Value::Table(inputs)) => inputs
                    .iter()
                    .map(|(k, v)| format!("{k}={}", to_hcl(v)))
                    .collect(),
                Some(_) => return Err(format!("module `{name}`: pricing_inputs must be a table")),
                None => Vec::new(),
            };
            let stack_inputs = match table.get("stack_inputs") {
                Some(toml::Value::Table(inputs)) => inputs
                    .iter()
                    .map(|(k, v)| match v.as_str() {
                        Some(from) if from.split_once('.').is_some() => {
                            Ok((k.clone(), from.to_string()))
                        }
                        _ => Err(format!(
                            "module `{name}`: stack_inputs.{k} must be \"TYPE.ATTRIBUTE\""
                        )),
                    })
                    .collect::<Result<Vec<_>, String>>()?,
                Some(_) => return Err(format!("module `{name}`: stack_inputs must be a table")),
                None => Vec::new(),
            };
            let kind = table
                .get("kind")
                .and_then(toml::Value::as_str)
                .unwrap_or("module")
                .to_string();
            let standalone = table
                .get("standalone")
                .and_then(toml::Value::as_bool)
                .unwrap_or(true);
            modules.push(ManifestModule {
                name,
                dir,
                phase,
                phase_text,
                rows,
                pricing_inputs,
                stack_inputs,
                kind,
                standalone,
            });
        }
        Ok(Manifest { modules })
    }
}

/// A TOML value as an HCL expression (for `--var NAME=VALUE`).
fn to_hcl(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => tfready_model::hcl_string(s),
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) => f.to_string(),
        toml::Value::Boolean(b) => b.to_string(),
        toml::Value::Datetime(d) => format!("\"{d}\""),
        toml::Value::Array(items) => {
            format!(
                "[{}]",
                items.iter().map(to_hcl).collect::<Vec<_>>().join(", ")
            )
        }
        toml::Value::Table(table) => format!(
            "{{ {} }}",
            table
                .iter()
                .map(|(k, v)| format!(
                    "{} = {}",
                    serde_json::to_string(k).unwrap_or_default(),
                    to_hcl(v)
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hcl_strings_do_not_interpolate() {
        assert_eq!(to_hcl(&toml::Value::String("a${b}".into())), "\"a$${b}\"");
        assert_eq!(
            to_hcl(&toml::Value::Table(toml::Table::from_iter([(
                "k".to_string(),
                toml::Value::Integer(1)
            )]))),
            "{ \"k\" = 1 }"
        );
    }
}
