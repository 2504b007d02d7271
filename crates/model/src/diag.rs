//! Problems found while loading: a broken file is reported with its file and
//! line, and loading goes on with the rest.

use serde::Serialize;

use crate::source::Location;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DiagSeverity {
    Error,
    Warning,
    Note,
}

/// A problem with the input itself (not a finding about the infrastructure).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Diagnostic {
    pub location: Location,
    pub severity: DiagSeverity,
    /// Stable, kebab-case: `parse-error`, `not-utf8`, `unreadable`,
    /// `module-outside-root`, `module-missing`, `module-cycle`,
    /// `module-remote`, `tfvars-invalid`, `too-large`, `too-deep`, `invalid-name`, `parse-timeout`.
    pub code: &'static str,
    pub message: String,
}

impl Diagnostic {
    pub fn error(code: &'static str, location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            location,
            severity: DiagSeverity::Error,
            code,
            message: message.into(),
        }
    }

    pub fn warning(code: &'static str, location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: DiagSeverity::Warning,
            ..Diagnostic::error(code, location, message)
        }
    }

    pub fn note(code: &'static str, location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: DiagSeverity::Note,
            ..Diagnostic::error(code, location, message)
        }
    }
}

/// A failure that stops loading altogether (nothing to analyse).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    NotFound(String),
    NotADirectory(String),
    NoTerraformFiles(String),
    Unreadable(String, String),
    VarFile(String, String),
    BadVarFlag(String),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::NotFound(p) => write!(f, "{p}: no such file or directory"),
            LoadError::NotADirectory(p) => write!(
                f,
                "{p}: not a directory (give the directory holding the .tf files)"
            ),
            LoadError::NoTerraformFiles(p) => {
                write!(f, "{p}: no .tf or .tf.json files in this directory")
            }
            LoadError::Unreadable(p, e) => write!(f, "{p}: cannot read: {e}"),
            LoadError::VarFile(p, e) => write!(f, "{p}: {e}"),
            LoadError::BadVarFlag(s) => write!(f, "--var {s:?}: expected NAME=VALUE"),
        }
    }
}

impl std::error::Error for LoadError {}
