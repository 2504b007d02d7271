//! What a fixer works with: the original project (to read), the workspace
//! (to write), the wiring, and the notes and next steps it leaves.

use tfready_model::{Project, ResourceRef};

use crate::fixing::hcl::has_block;
use crate::fixing::templates::FILES;
use crate::fixing::wiring::Wiring;
use crate::fixing::workspace::Workspace;

/// Calls of a template under another name, or with providers of their
/// own: call name, template, `providers` map ("" for the default).
const SECOND_CALLS: &[(&str, &str, &str)] = &[
    // CloudFront's WAF lives in us-east-1, whatever the stack's region.
    ("waf_cloudfront", "waf", "{ aws = aws.us_east_1 }"),
    (
        "cloudfront",
        "cloudfront",
        "{\n    aws           = aws\n    aws.us_east_1 = aws.us_east_1\n  }",
    ),
];

/// A literal HCL value: a bool, a number or a string without interpolation.
fn literal(text: &str) -> bool {
    let t = text.trim();
    matches!(t, "true" | "false")
        || t.parse::<f64>().is_ok()
        || (t.starts_with('"') && t.ends_with('"') && t.len() >= 2 && !t.contains("${"))
}

fn is_ident(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// The template a module call of that name is made from.
pub fn template_of(name: &str) -> &str {
    SECOND_CALLS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map_or(name, |(_, t, _)| t)
}

pub struct FixCx<'p> {
    pub project: &'p Project,
    pub wiring: Wiring<'p>,
    pub ws: Workspace,
    /// What was done, one line each, for the summary.
    pub done: Vec<String>,
    /// What the user must do or check after applying.
    pub next_steps: Vec<String>,
    /// Fixers already run in this plan (dependencies run once).
    pub ran: Vec<&'static str>,
    /// What the user chose, and the configuration's values.
    pub opts: super::FixOptions,
    /// The root variable naming the environment, when this run declared it
    /// (the environments fix, which runs first).
    pub added_env_var: Option<String>,
    /// Modules this run added with a `count` (read through [`FixCx::module_ref`]).
    pub counted_modules: Vec<(String, String)>,
    /// The instance an Auto Scaling group added by this run takes over:
    /// nothing else is wired to it.
    pub retired: Option<String>,
}

impl<'p> FixCx<'p> {
    pub fn new(project: &'p Project, opts: &super::FixOptions) -> Self {
        FixCx {
            project,
            wiring: Wiring::new(project),
            ws: Workspace::new(&project.root),
            done: Vec::new(),
            next_steps: Vec::new(),
            ran: Vec::new(),
            opts: opts.clone(),
            added_env_var: None,
            counted_modules: Vec::new(),
            retired: None,
        }
    }

    /// The root variable naming the environment: the stack's, or the one
    /// this run declared.
    pub fn env_var(&self) -> Option<String> {
        self.project
            .env_var()
            .map(str::to_string)
            .or_else(|| self.added_env_var.clone())
    }

    /// The root file a kind of block goes to: the conventional file when
    /// it exists, else `main.tf`.
    pub fn root_file(&self, preferred: &str) -> String {
        let has = |name: &str| {
            self.project
                .root_module()
                .files
                .iter()
                .any(|&f| self.project.files[f].display == name)
        };
        if has(preferred) {
            preferred.to_string()
        } else {
            "main.tf".to_string()
        }
    }

    /// Copies a template module to `modules/<name>/` (unchanged files stay
    /// as they are). Returns the module source path for the call.
    pub fn copy_module(&mut self, name: &str) -> String {
        let name = template_of(name);
        let prefix = format!("modules/{name}/");
        for (path, text) in FILES.iter().filter(|(p, _)| p.starts_with(&prefix)) {
            if !self.ws.exists(path) {
                self.ws.write(path, (*text).to_string());
            }
        }
        format!("./modules/{name}")
    }

    fn root_has(&mut self, file: &str, ident: &str, labels: &[&str]) -> bool {
        // Look in every root file, not just the one written to.
        let files: Vec<String> = self
            .project
            .root_module()
            .files
            .iter()
            .map(|&f| self.project.files[f].display.clone())
            .collect();
        let mut all = files;
        all.push(file.to_string());
        all.sort();
        all.dedup();
        all.iter().any(|f| {
            let text = self.ws.read(f);
            tfready_model::hcl_edit::parser::parse_body(&text)
                .is_ok_and(|b| has_block(&b, ident, labels))
        })
    }

    /// Adds `module "name" { ... }` to the root unless a call of that name exists.
    pub fn add_module(
        &mut self,
        name: &str,
        comment: &str,
        count: Option<&str>,
        inputs: &[(&str, String)],
    ) -> bool {
        let file = self.root_file("main.tf");
        // A module of the user's by that name (or in that folder) is not
        // tfready's: nothing is added over it, and the user is told.
        let called = self.root_has(&file, "module", &[name]);
        if !self.ours(name) && (called || self.dir_taken(template_of(name))) {
            self.next_steps.push(format!(
                "{name}: the stack has a module of its own named `{name}` (or a modules/{name}/ folder); tfready's was not added next to it: rename yours to get it"
            ));
            return false;
        }
        if called {
            // Added by an earlier run: later references index it as it is.
            let text = self.ws.read(&file);
            let count = tfready_model::hcl_edit::parser::parse_body(&text)
                .ok()
                .and_then(|b| {
                    crate::fixing::hcl::find_block(&b, "module", &[name]).and_then(|m| {
                        m.body
                            .get_attribute("count")
                            .map(|a| a.value.to_string().trim().to_string())
                    })
                });
            if let Some(c) = count {
                self.counted_modules.push((name.to_string(), c));
            }
            return false;
        }
        // Inputs read from something that may not exist (a counted module
        // or resource) make the new module exist only with it.
        let derived = match count {
            Some(_) => None,
            None => self.count_for(inputs),
        };
        let count = count.or(derived.as_deref());
        if let Some(c) = count {
            self.counted_modules.push((name.to_string(), c.to_string()));
        }
        let source = self.copy_module(name);
        // Aligned as `terraform fmt` would: the blank line starts a new group.
        let width = "source".len();
        let mut s = format!("# {comment}\n# Added by `tfready fix`.\nmodule \"{name}\" {{\n");
        s.push_str(&format!("  {:<width$} = \"{source}\"\n", "source"));
        if let Some(c) = count {
            s.push_str(&format!("  {:<width$} = {c}\n", "count"));
        }
        if let Some((_, _, p)) = SECOND_CALLS.iter().find(|(n, _, _)| *n == name) {
            if !p.is_empty() {
                s.push_str(&format!("\n  providers = {p}\n"));
            }
        }
        s.push('\n');
        let width = inputs.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
        for (k, v) in inputs {
            s.push_str(&format!("  {k:<width$} = {v}\n"));
        }
        s.push_str("}\n");
        self.ws.append(&file, &s);
        self.done
            .push(format!("module \"{name}\" added ({comment})"));
        true
    }

    /// Whether the root calls tfready's module `name`: a call by that name
    /// whose source is `./modules/NAME`, a folder holding tfready's template
    /// (its `versions.tf`, as written). A user's module of the same name is
    /// not mistaken for it.
    pub fn ours(&mut self, name: &str) -> bool {
        let file = self.root_file("main.tf");
        let text = self.ws.read(&file);
        let source = format!("./modules/{}", template_of(name));
        let called = tfready_model::hcl_edit::parser::parse_body(&text)
            .ok()
            .and_then(|b| {
                crate::fixing::hcl::find_block(&b, "module", &[name]).map(|m| {
                    m.body
                        .get_attribute("source")
                        .and_then(|a| a.value.as_str().map(str::to_string))
                        == Some(source.clone())
                })
            })
            .unwrap_or(false);
        called && !self.dir_taken(template_of(name))
    }

    /// Whether `modules/NAME/` holds something other than tfready's template.
    fn dir_taken(&mut self, name: &str) -> bool {
        let path = format!("modules/{name}/versions.tf");
        let Some((_, template)) = FILES.iter().find(|(p, _)| *p == path) else {
            return false;
        };
        let dir_exists = self.project.root.join("modules").join(name).is_dir();
        dir_exists && (!self.ws.exists(&path) || self.ws.read(&path) != *template)
    }

    /// An output of a module this run added, as the root reads it.
    pub fn module_ref(&self, module: &str, output: &str) -> String {
        if self.module_count(module).is_some() {
            format!("try(module.{module}[0].{output}, null)")
        } else {
            format!("module.{module}.{output}")
        }
    }

    /// The `count` this run gave a module it added.
    pub fn module_count(&self, module: &str) -> Option<&str> {
        self.counted_modules
            .iter()
            .find(|(m, _)| m == module)
            .map(|(_, c)| c.as_str())
    }

    /// The `count` a new module needs when an input reads instance `[0]` of
    /// a counted module call or resource of the root: it exists when that does.
    pub fn count_for(&self, inputs: &[(&str, String)]) -> Option<String> {
        let reads = |pattern: &str| inputs.iter().any(|(_, v)| v.contains(pattern));
        let root = self.project.root_module();
        let text_of = |file: tfready_model::FileId, e: &tfready_model::ast::Expression| {
            self.project.files[file]
                .text_of(e)
                .map(|t| t.trim().to_string())
        };
        for call in &root.calls {
            if let Some(c) = call.block.body.get_attribute("count") {
                if reads(&format!("module.{}[0]", call.name)) {
                    return text_of(call.file, &c.value);
                }
            }
        }
        for r in &root.resources {
            let Some(c) = r.block.body.get_attribute("count") else {
                continue;
            };
            if !reads(&format!("{}[0]", r.address())) {
                continue;
            }
            let text = text_of(r.file, &c.value)?;
            // A count known to be one or more needs nothing.
            if text.parse::<u32>().is_ok_and(|n| n >= 1) {
                continue;
            }
            return Some(if text.contains('?') {
                text
            } else {
                format!("min(1, {text})")
            });
        }
        None
    }

    /// Declares a root variable unless it exists.
    pub fn add_variable(&mut self, name: &str, block_body: &str) -> bool {
        let file = self.root_file("variables.tf");
        if self.root_has(&file, "variable", &[name]) {
            return false;
        }
        self.ws
            .append(&file, &format!("variable \"{name}\" {{\n{block_body}}}\n"));
        true
    }

    /// Adds a root output unless it exists.
    pub fn add_output(&mut self, name: &str, description: &str, value: &str) -> bool {
        let file = self.root_file("outputs.tf");
        if self.root_has(&file, "output", &[name]) {
            return false;
        }
        self.ws.append(
            &file,
            &format!(
                "output \"{name}\" {{\n  description = {}\n  value       = {value}\n}}\n",
                crate::fixing::hcl::hcl_string(description)
            ),
        );
        true
    }

    /// The file a resource is declared in, relative to the root.
    pub fn file_of(&self, r: &ResourceRef<'_>) -> String {
        self.project.files[r.resource.file].display.clone()
    }

    /// Edits a resource's block in its file.
    pub fn edit_resource<T>(
        &mut self,
        r: &ResourceRef<'_>,
        f: impl FnOnce(&mut tfready_model::hcl_edit::structure::Block) -> T,
    ) -> Option<T> {
        let file = self.file_of(r);
        if crate::fixing::workspace::is_downloaded(&file) {
            return self.edit_through_call(r, f);
        }
        let (ty, name) = (r.resource.ty.clone(), r.resource.name.clone());
        let edited = self.ws.edit(&file, |body| {
            crate::fixing::hcl::block_mut(body, "resource", &[&ty, &name]).map(f)
        });
        self.noted(edited).flatten()
    }

    /// A resource of a downloaded module: the edit is worked out on a copy,
    /// and each argument it sets to a literal, where the module reads it
    /// from `var.NAME`, is set on the user's module call instead (followed
    /// up through the calls between). What cannot be reached so is named
    /// in the next steps; the module's files are never written.
    fn edit_through_call<T>(
        &mut self,
        r: &ResourceRef<'_>,
        f: impl FnOnce(&mut tfready_model::hcl_edit::structure::Block) -> T,
    ) -> Option<T> {
        let file = self.file_of(r);
        let text = self.ws.read(&file);
        let body = tfready_model::hcl_edit::parser::parse_body(&text).ok()?;
        let orig =
            crate::fixing::hcl::find_block(&body, "resource", &[&r.resource.ty, &r.resource.name])?;
        let mut edited = orig.clone();
        let out = f(&mut edited);
        let address = r.address();
        let chain = tfready_model::call_chain(&address);
        let calls = tfready_model::calls_along(self.project, &chain)?;
        let mut applied = false;
        let mut unreachable = Vec::new();
        for attr in edited.body.attributes() {
            let key = attr.key.as_str();
            let new = attr.value.to_string().trim().to_string();
            let old = orig
                .body
                .get_attribute(key)
                .map(|a| a.value.to_string().trim().to_string());
            if old.as_deref() == Some(new.as_str()) {
                continue;
            }
            let var = old.as_deref().and_then(|o| o.strip_prefix("var."));
            match (var, literal(&new)) {
                (Some(v), true) if is_ident(v) => {
                    if self.set_through(&calls, v, &new) {
                        applied = true;
                    } else {
                        unreachable.push(key.to_string());
                    }
                }
                _ => unreachable.push(key.to_string()),
            }
        }
        if !unreachable.is_empty() {
            self.next_steps.push(format!(
                "{address}: {} set inside a module `terraform init` downloaded, not through its inputs: change it in the module's source or pin a version that does",
                unreachable.join(", ")
            ));
        }
        applied.then_some(out)
    }

    /// Sets `value` for the module variable `var` on the innermost call the
    /// user wrote, following `var.X` arguments outwards.
    fn set_through(
        &mut self,
        calls: &[&tfready_model::ModuleCall],
        var: &str,
        value: &str,
    ) -> bool {
        let mut name = var.to_string();
        for call in calls.iter().rev() {
            let file = self.project.files[call.file].display.clone();
            if !crate::fixing::workspace::is_downloaded(&file) {
                let (call_name, key, value) = (call.name.clone(), name.clone(), value.to_string());
                let done = self
                    .edit_file(&file, |body| {
                        crate::fixing::hcl::block_mut(body, "module", &[&call_name])
                            .map(|b| crate::fixing::hcl::set_attr(&mut b.body, &key, &value, "  "))
                    })
                    .flatten()
                    .is_some();
                if done {
                    self.done.push(format!(
                        "{file}: module \"{}\" sets {name} = {value} (read by a module terraform init downloaded)",
                        call.name
                    ));
                }
                return done;
            }
            let next = call
                .block
                .body
                .get_attribute(&name)
                .and_then(|a| self.project.files[call.file].text_of(&a.value))
                .and_then(|t| t.trim().strip_prefix("var.").map(str::to_string))
                .filter(|v| is_ident(v));
            match next {
                Some(v) => name = v,
                None => return false,
            }
        }
        false
    }

    /// Edits a block of a module's file chosen by a predicate on the whole
    /// parsed body (for blocks that are not resources).
    pub fn edit_file<T>(
        &mut self,
        file: &str,
        f: impl FnOnce(&mut tfready_model::hcl_edit::structure::Body) -> T,
    ) -> Option<T> {
        let edited = self.ws.edit(file, f);
        self.noted(edited)
    }

    /// An edit's result; a file it could not edit is named in the next steps.
    fn noted<T>(&mut self, r: Result<T, crate::fixing::workspace::EditError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.next_steps
                    .push(format!("{}: not edited: {}", e.path, e.message));
                None
            }
        }
    }

    /// Sets inputs on the root module call that instantiates `module`
    /// (the module a resource lives in). False when no root call does.
    pub fn set_call_inputs(
        &mut self,
        module: tfready_model::ModuleId,
        inputs: &[(&str, String)],
    ) -> bool {
        let source = tfready_model::ModuleSource::Local(module);
        // A downloaded module cannot be given a new variable.
        if crate::fixing::workspace::is_downloaded(&self.project.modules[module].dir) {
            return false;
        }
        // A new input must reach every call: one from another module would
        // lack it, so such a module is not given new inputs.
        if self.project.modules[1..]
            .iter()
            .any(|m| m.calls.iter().any(|c| c.source == source))
        {
            return false;
        }
        let calls: Vec<(String, String)> = self
            .project
            .root_module()
            .calls
            .iter()
            .filter(|c| c.source == source)
            .map(|c| (c.name.clone(), self.project.files[c.file].display.clone()))
            .collect();
        if calls.is_empty() {
            return false;
        }
        for (call, file) in calls {
            self.edit_file(&file, |body| {
                if let Some(b) = crate::fixing::hcl::block_mut(body, "module", &[&call]) {
                    for (k, v) in inputs {
                        crate::fixing::hcl::set_attr(&mut b.body, k, v, "  ");
                    }
                }
            });
        }
        true
    }

    /// An input of a root module call by call name, as the workspace holds
    /// it now (tfready's own calls are added during the run).
    pub fn root_call_input(&mut self, call: &str, key: &str) -> Option<String> {
        let file = self.root_file("main.tf");
        let text = self.ws.read(&file);
        let body = tfready_model::hcl_edit::parser::parse_body(&text).ok()?;
        let m = crate::fixing::hcl::find_block(&body, "module", &[call])?;
        Some(
            m.body
                .get_attribute(key)?
                .value
                .to_string()
                .trim()
                .to_string(),
        )
    }

    /// Sets an input of a root module call, by call name.
    pub fn set_root_call_input(&mut self, call: &str, key: &str, value: &str) {
        let file = self.root_file("main.tf");
        self.edit_file(&file, |body| {
            if let Some(b) = crate::fixing::hcl::block_mut(body, "module", &[call]) {
                crate::fixing::hcl::set_attr(&mut b.body, key, value, "  ");
            }
        });
    }

    /// Declares a variable in a module's variables.tf unless it exists.
    pub fn add_module_variable(
        &mut self,
        dir: &str,
        name: &str,
        description: &str,
        default: Option<&str>,
    ) {
        let default = default
            .map(|d| format!("  default     = {d}\n"))
            .unwrap_or_default();
        self.edit_file(&format!("{dir}/variables.tf"), |body| {
            if crate::fixing::hcl::block_mut(body, "variable", &[name]).is_none() {
                crate::fixing::hcl::push_snippet(
                    body,
                    &format!("\n# Added by `tfready fix`.\nvariable \"{name}\" {{\n  description = \"{description}\"\n  type        = string\n{default}}}\n"),
                );
            }
        });
    }
}
