//! The files a fix reads and writes, in memory until applied. Edits to
//! Terraform go through hcl-edit so comments, order and layout survive.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tfready_model::hcl_edit::parser::parse_body;
use tfready_model::hcl_edit::structure::Body;

/// One file's text before and after the fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Relative to the project root, `/`-separated.
    pub path: String,
    /// `None` for a file the fix creates.
    pub before: Option<String>,
    pub after: String,
}

#[derive(Debug)]
pub struct Workspace {
    pub root: PathBuf,
    files: BTreeMap<String, (Option<String>, String)>,
}

#[derive(Debug)]
pub struct EditError {
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Where `terraform init` puts downloaded modules: `fix` never writes there
/// (the next `init` would undo it); it edits the module call instead.
pub fn is_downloaded(rel: &str) -> bool {
    rel == ".terraform" || rel.starts_with(".terraform/")
}

impl Workspace {
    pub fn new(root: &Path) -> Self {
        Workspace {
            root: root.to_path_buf(),
            files: BTreeMap::new(),
        }
    }

    fn load(&mut self, rel: &str) -> &mut (Option<String>, String) {
        let root = self.root.clone();
        self.files.entry(rel.to_string()).or_insert_with(|| {
            let text = std::fs::read_to_string(root.join(rel)).ok();
            let current = text.clone().unwrap_or_default();
            (text, current)
        })
    }

    pub fn exists(&mut self, rel: &str) -> bool {
        let f = self.load(rel);
        f.0.is_some() || !f.1.is_empty()
    }

    pub fn read(&mut self, rel: &str) -> String {
        self.load(rel).1.clone()
    }

    /// Sets a file's text; a downloaded module's file is left as it is.
    pub fn write(&mut self, rel: &str, text: String) {
        if is_downloaded(rel) {
            return;
        }
        self.load(rel).1 = text;
    }

    /// Parses `rel` (an empty body if it does not exist), lets `f` edit it,
    /// and keeps the result. Returns what `f` returned.
    pub fn edit<T>(&mut self, rel: &str, f: impl FnOnce(&mut Body) -> T) -> Result<T, EditError> {
        if is_downloaded(rel) {
            return Err(EditError {
                path: rel.to_string(),
                message: "a module `terraform init` downloaded; its call's arguments are edited instead, where they set the value".into(),
            });
        }
        let text = self.read(rel);
        let mut body = parse_body(&text).map_err(|e| EditError {
            path: rel.to_string(),
            message: format!("cannot edit a file that does not parse: {e}"),
        })?;
        let damaged = heredoc_reencodings(&text, &body);
        // What prints back differently untouched (an object key given
        // twice keeps only its last value) would be lost: not edited.
        let mut untouched = body.to_string();
        for (encoded, written) in &damaged {
            untouched = untouched.replace(encoded, written);
        }
        if untouched != text {
            return Err(EditError {
                path: rel.to_string(),
                message: "cannot edit this file without rewriting parts of it fix did not touch (an object key given twice?)".into(),
            });
        }
        let out = f(&mut body);
        let mut new = body.to_string();
        for (encoded, written) in damaged {
            new = new.replace(&encoded, &written);
        }
        if new != text {
            self.write(rel, new);
        }
        Ok(out)
    }

    /// Appends text to a file (creating it), with one blank line between.
    pub fn append(&mut self, rel: &str, text: &str) {
        if is_downloaded(rel) {
            return;
        }
        let mut cur = self.read(rel);
        if !cur.is_empty() {
            while !cur.ends_with("\n\n") {
                cur.push('\n');
            }
        }
        cur.push_str(text);
        self.write(rel, cur);
    }

    /// What the fix changes, sorted by path.
    pub fn changes(&self) -> Vec<Change> {
        self.files
            .iter()
            .filter(|(_, (before, after))| {
                before.as_deref() != Some(after.as_str()) && !(before.is_none() && after.is_empty())
            })
            .map(|(path, (before, after))| Change {
                path: path.clone(),
                before: before.clone(),
                after: after.clone(),
            })
            .collect()
    }
}

/// hcl-edit 0.10 re-encodes some `<<-` heredocs differently from how they
/// were written (a line after a `%{...}` directive gains indentation on
/// every round trip), which would change user data and replace instances.
/// Returns (re-encoded, as written) for each heredoc where they differ, so
/// an untouched heredoc is put back as the user wrote it.
fn heredoc_reencodings(text: &str, body: &Body) -> Vec<(String, String)> {
    use tfready_model::hcl_edit::expr::Expression;
    use tfready_model::hcl_edit::visit::{visit_expr, Visit};
    use tfready_model::hcl_edit::{Decorate, Span};

    struct Heredocs<'a> {
        text: &'a str,
        out: Vec<(String, String)>,
    }
    impl Visit for Heredocs<'_> {
        fn visit_expr(&mut self, node: &Expression) {
            if matches!(node, Expression::HeredocTemplate(_)) {
                if let Some(written) = node.span().and_then(|s| self.text.get(s)) {
                    let mut bare = node.clone();
                    bare.decor_mut().clear();
                    let encoded = bare.to_string();
                    if encoded != written {
                        self.out.push((encoded, written.to_string()));
                    }
                }
            }
            visit_expr(self, node);
        }
    }
    let mut v = Heredocs {
        text,
        out: Vec::new(),
    };
    v.visit_body(body);
    v.out
}
