//! Environments, decided here and nowhere else: which variable of a module
//! names the environment, which value means production, and where a stack
//! keeps one variables file per environment (`environments/`, `envs/`,
//! `env/`, or `NAME.tfvars` beside the root's `.tf` files), or whether it
//! switches environments with workspaces; and which variable names the
//! stack itself.

use std::path::Path;

/// Variable names that hold the environment, in the order tried.
pub const ENV_VARS: &[&str] = &[
    "environment",
    "env",
    "stage",
    "environment_name",
    "env_name",
];

/// Directories that hold one variables file per environment, in the order tried.
pub const ENV_DIRS: &[&str] = &[
    "environments",
    "envs",
    "env",
    "environment",
    "vars",
    "tfvars",
];

/// Where `fix` puts per-environment files in a stack that has none.
pub const DEFAULT_ENV_DIR: &str = "environments";

/// Whether an environment name means production.
pub fn is_prod(name: &str) -> bool {
    ["prod", "production", "prd", "live"]
        .iter()
        .any(|p| name.eq_ignore_ascii_case(p))
}

/// The variable of `module` that names the environment, if it declares one.
pub fn env_var(module: &crate::Module) -> Option<&'static str> {
    ENV_VARS
        .iter()
        .copied()
        .find(|n| module.variables.contains_key(*n))
}

/// How a stack separates its environments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layout {
    /// The directory of per-environment files, relative to the root
    /// (`""` for files beside the `.tf` files); `None` when there are none.
    pub dir: Option<String>,
    /// (environment, file relative to the root), sorted by environment.
    pub files: Vec<(String, String)>,
    /// The configuration reads `terraform.workspace`.
    pub workspaces: bool,
}

impl Layout {
    /// Whether the stack has any notion of several environments.
    pub fn has_environments(&self) -> bool {
        !self.files.is_empty() || self.workspaces
    }

    /// The file of one environment.
    pub fn file(&self, env: &str) -> Option<&str> {
        self.files
            .iter()
            .find(|(e, _)| e == env)
            .map(|(_, f)| f.as_str())
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.files.iter().map(|(e, _)| e.as_str())
    }
}

fn env_files(dir: &Path, prefix: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .filter_map(|e| {
                    let n = e.file_name().to_string_lossy().to_string();
                    if n.starts_with("terraform.") || n.contains(".auto.") || n.contains(".example")
                    {
                        return None;
                    }
                    let env = n
                        .strip_suffix(".tfvars.json")
                        .or_else(|| n.strip_suffix(".tfvars"))?;
                    // Named like a variables file: only then worth a stat.
                    e.path()
                        .is_file()
                        .then(|| (env.to_string(), format!("{prefix}{n}")))
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

/// The layout of the stack rooted at `root`; `texts` are its configuration
/// files' contents (to see whether it uses workspaces).
pub fn layout<'a>(root: &Path, texts: impl IntoIterator<Item = &'a str>) -> Layout {
    let workspaces = texts.into_iter().any(|t| t.contains("terraform.workspace"));
    for d in ENV_DIRS {
        let files = env_files(&root.join(d), &format!("{d}/"));
        if !files.is_empty() {
            return Layout {
                dir: Some(d.to_string()),
                files,
                workspaces,
            };
        }
    }
    let files = env_files(root, "");
    Layout {
        dir: (!files.is_empty()).then(String::new),
        files,
        workspaces,
    }
}

impl crate::Project {
    /// How this stack separates its environments.
    pub fn env_layout(&self) -> &Layout {
        self.env_layout
            .get_or_init(|| layout(&self.root, self.files.iter().map(|f| &*f.text)))
    }

    /// The root variable naming the environment, if any.
    pub fn env_var(&self) -> Option<&'static str> {
        env_var(self.root_module())
    }

    /// The root's environment when known (`--env`, tfvars or default).
    pub fn environment(&self) -> Option<String> {
        ENV_VARS
            .iter()
            .find_map(|n| self.root_var(n).and_then(|b| b.value.as_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_layout() {
        let t = tempfile::tempdir().unwrap();
        assert_eq!(layout(t.path(), []), Layout::default());
        std::fs::write(t.path().join("terraform.tfvars"), "").unwrap();
        std::fs::write(t.path().join("x.auto.tfvars"), "").unwrap();
        assert!(!layout(t.path(), []).has_environments());
        std::fs::write(t.path().join("prod.tfvars"), "").unwrap();
        let l = layout(t.path(), []);
        assert_eq!(l.dir.as_deref(), Some(""));
        assert_eq!(l.file("prod"), Some("prod.tfvars"));
        std::fs::create_dir(t.path().join("envs")).unwrap();
        std::fs::write(t.path().join("envs/dev.tfvars"), "").unwrap();
        std::fs::write(t.path().join("envs/live.tfvars.json"), "").unwrap();
        let l = layout(t.path(), []);
        assert_eq!(l.dir.as_deref(), Some("envs"));
        assert_eq!(l.names().collect::<Vec<_>>(), ["dev", "live"]);
        assert_eq!(l.file("live"), Some("envs/live.tfvars.json"));
        assert!(layout(t.path(), ["x = terraform.workspace"]).workspaces);
    }

    #[test]
    fn production_names() {
        for p in ["prod", "PROD", "production", "prd", "live"] {
            assert!(is_prod(p), "{p}");
        }
        for p in ["dev", "staging", "preprod", ""] {
            assert!(!is_prod(p), "{p}");
        }
    }
}
