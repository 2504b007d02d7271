//! tfready's model of a Terraform project: every `.tf`/`.tf.json` file of a
//! root module and the local modules it calls, with spans; variable values
//! from defaults, tfvars and flags; and module instances whose expressions
//! evaluate to known values or to `Unknown`, never to a guess.
//!
//! ```no_run
//! let project = tfready_model::Project::load("examples/huron-pmo".as_ref(), &Default::default()).unwrap();
//! for r in project.resources() {
//!     println!("{} at {}", r.address(), r.location());
//! }
//! ```
#![warn(clippy::print_stdout, clippy::print_stderr)]

mod aliases;
pub mod ast;
mod bounded;
mod canonical;
pub mod dates;
mod diag;
pub mod environments;
mod eval;
pub mod files;
mod funcs;
mod instance;
mod json;
pub use canonical::{canonical, canonical_join};
pub use json::{body_of_document, closing_quote};
mod load;
mod model;
pub mod naming;
pub mod secrets;
mod source;
mod tfvars;
mod trace;
mod value;
mod view;

use std::path::{Path, PathBuf};

pub use aliases::{canonical_type, TYPE_ALIASES};
pub use bounded::needs_time_bound;
pub use diag::{DiagSeverity, Diagnostic, LoadError};
pub use eval::{Env, Evaluator, Scope};
pub use instance::{plain_var_ref, Instance, InstanceId, Presence, VarBinding};
pub use load::{boundary_of, Limits, LoadOptions, ParseCache};
pub use model::{
    Local, Module, ModuleCall, ModuleId, ModuleSource, OtherBlock, Output, Provider, Resource,
    ResourceMode, TerraformBlock, Variable,
};
pub use source::{relative_path, FileId, Location, SourceFile, Span};
pub use tfvars::{Assignment, LiteralEnv, VarOrigin};
pub use trace::{
    call_chain, calls_along, named_resources, named_variables, NamedResource, Origin, ValueSource,
    ValueSources,
};
pub use value::{hcl_string, values_equal, Value, REDACTED};
pub use view::{AttrRef, BlockRef, InstanceEnv, ResourceRef};

/// Re-exported for `fix`, which edits files with hcl-edit (format-preserving);
/// analysis reads [`ast`].
pub use hcl_edit;

/// A loaded, evaluated project.
#[derive(Debug)]
pub struct Project {
    /// Canonical root directory.
    pub root: PathBuf,
    /// The root as the user wrote it, for messages.
    pub display_root: String,
    /// The directory the findings' file names are relative to, when it is
    /// not `root`: a plan's own (its project is a stack in memory, and its
    /// findings are put back on the plan file).
    pub files_root: Option<PathBuf>,
    pub files: Vec<SourceFile>,
    /// `modules[0]` is the root module. Shared by the projects
    /// [`Project::for_env`] makes: parsing does not depend on variables.
    pub modules: std::sync::Arc<Vec<Module>>,
    pub diagnostics: Vec<Diagnostic>,
    /// Variable assignments from tfvars and flags, in precedence order.
    pub tfvars: Vec<Assignment>,
    /// Secret text (sensitive and secret-named values, literal passwords)
    /// that no output may contain.
    pub secrets: Vec<String>,
    pub limits: Limits,
    /// `instances[0]` is the root module's instance.
    pub instances: Vec<Instance>,
    /// Managed resources that may exist, as (instance, index in its
    /// module's `resources`), computed once at load.
    managed: Vec<(InstanceId, usize)>,
    /// Positions in `managed`, by resource type.
    by_type: std::collections::HashMap<String, Vec<usize>>,
    /// How many of `files` are Terraform files (the rest are tfvars), and
    /// the diagnostics of reading them: what another environment reuses.
    parsed_files: usize,
    parse_diagnostics: std::sync::Arc<Vec<Diagnostic>>,
    /// How the stack separates its environments, read from its directory
    /// once (rules and the audit ask several times).
    env_layout: std::sync::OnceLock<environments::Layout>,
}

impl Project {
    /// Loads and evaluates the project rooted at `path`.
    pub fn load(path: &Path, opts: &LoadOptions) -> Result<Project, LoadError> {
        ast::new_generation();
        let mut project = load::load(path, opts)?;
        project.evaluate();
        Ok(project)
    }

    /// The same project under other variables (`--env`, var files): the
    /// files are not read or parsed again, only the variables and what
    /// they decide are.
    pub fn for_env(&self, opts: &LoadOptions) -> Result<Project, LoadError> {
        let mut project = Project::with_variables(
            self.root.clone(),
            self.display_root.clone(),
            self.files[..self.parsed_files].to_vec(),
            std::sync::Arc::clone(&self.modules),
            std::sync::Arc::clone(&self.parse_diagnostics),
            opts,
        )?;
        project.files_root = self.files_root.clone();
        project.evaluate();
        Ok(project)
    }

    /// A project of read and parsed `files` (with the `diagnostics` of
    /// reading them) whose variables are read as `opts` says: every load,
    /// and every environment of one, starts here before it is evaluated.
    pub(crate) fn with_variables(
        root: std::path::PathBuf,
        display_root: String,
        files: Vec<SourceFile>,
        modules: std::sync::Arc<Vec<Module>>,
        diagnostics: std::sync::Arc<Vec<Diagnostic>>,
        opts: &LoadOptions,
    ) -> Result<Project, LoadError> {
        let mut project = Project {
            root,
            display_root,
            files_root: None,
            parsed_files: files.len(),
            files,
            modules,
            diagnostics: diagnostics.to_vec(),
            tfvars: Vec::new(),
            secrets: Vec::new(),
            limits: opts.limits.clone(),
            instances: Vec::new(),
            managed: Vec::new(),
            by_type: Default::default(),
            parse_diagnostics: diagnostics,
            env_layout: Default::default(),
        };
        tfvars::load_all(&mut project, opts)?;
        project.diagnostics.sort();
        Ok(project)
    }

    /// Evaluates the loaded modules under the project's variables.
    fn evaluate(&mut self) {
        let (instances, diags) = instance::Builder::new(self).finish();
        self.instances = instances;
        self.diagnostics.extend(diags);
        self.index_resources();
        self.collect_literal_secrets();
        self.diagnostics.sort();
        self.diagnostics.dedup();
        self.secrets
            .sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        self.secrets.dedup();
    }

    pub fn location(&self, file: FileId, range: &std::ops::Range<usize>) -> Location {
        self.files[file].location(range)
    }

    pub fn root_module(&self) -> &Module {
        &self.modules[0]
    }

    /// Every resource and data source in every module instance that may
    /// exist (present or depending on unknown values), in a stable order.
    pub fn all_resources(&self) -> impl Iterator<Item = ResourceRef<'_>> {
        self.instances
            .iter()
            .filter(|i| i.presence != Presence::No)
            .flat_map(move |instance| {
                self.modules[instance.module]
                    .resources
                    .iter()
                    .map(move |resource| ResourceRef {
                        project: self,
                        instance,
                        resource,
                    })
            })
    }

    /// Managed resources that may exist (known once, at load).
    pub fn resources(&self) -> impl Iterator<Item = ResourceRef<'_>> {
        self.managed
            .iter()
            .map(move |&(i, r)| self.resource_ref(i, r))
    }

    /// Managed resources of one type that may exist, under either of its
    /// names (`aws_lb` finds `aws_alb` too: [`canonical_type`]).
    pub fn resources_of<'a>(&'a self, ty: &str) -> impl Iterator<Item = ResourceRef<'a>> + 'a {
        self.by_type
            .get(canonical_type(ty))
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(move |&k| {
                let (i, r) = self.managed[k];
                self.resource_ref(i, r)
            })
    }

    /// Data sources of one type, in every module instance that may exist.
    pub fn data_of<'a>(&'a self, ty: &'a str) -> impl Iterator<Item = ResourceRef<'a>> + 'a {
        self.instances
            .iter()
            .filter(|i| i.presence != Presence::No)
            .flat_map(move |i| {
                self.modules[i.module]
                    .resources
                    .iter()
                    .enumerate()
                    .filter(move |(_, r)| r.mode == ResourceMode::Data && r.ty == ty)
                    .map(move |(k, _)| self.resource_ref(i.id, k))
            })
    }

    fn resource_ref(&self, instance: InstanceId, resource: usize) -> ResourceRef<'_> {
        let instance = &self.instances[instance];
        ResourceRef {
            project: self,
            instance,
            resource: &self.modules[instance.module].resources[resource],
        }
    }

    /// Evaluates every resource's presence once, in parallel, and indexes
    /// the ones that may exist by type.
    fn index_resources(&mut self) {
        use rayon::prelude::*;
        let candidates: Vec<(InstanceId, usize)> = self
            .instances
            .iter()
            .filter(|i| i.presence != Presence::No)
            .flat_map(|i| {
                self.modules[i.module]
                    .resources
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| r.mode == ResourceMode::Managed)
                    .map(move |(k, _)| (i.id, k))
            })
            .collect();
        let managed: Vec<(InstanceId, usize)> = candidates
            .into_par_iter()
            .filter(|&(i, r)| self.resource_ref(i, r).presence() != Presence::No)
            .collect();
        let mut by_type: std::collections::HashMap<String, Vec<usize>> =
            std::collections::HashMap::new();
        for (k, &(i, r)) in managed.iter().enumerate() {
            by_type
                .entry(canonical_type(&self.resource_ref(i, r).resource.ty).to_string())
                .or_default()
                .push(k);
        }
        self.managed = managed;
        self.by_type = by_type;
    }

    /// Module calls whose code is not analysed (remote sources): what they
    /// create is unknown, never assumed absent.
    pub fn unresolved_calls(&self) -> impl Iterator<Item = &ModuleCall> {
        self.modules
            .iter()
            .flat_map(|m| m.calls.iter())
            .filter(|c| !matches!(c.source, ModuleSource::Local(_)))
    }

    /// The root instance's value of a variable.
    pub fn root_var(&self, name: &str) -> Option<&VarBinding> {
        self.instances.first()?.vars.get(name)
    }

    /// Removes every secret from a text meant for output.
    pub fn scrub(&self, text: &str) -> String {
        secrets::scrub(text, &self.secrets)
    }

    /// What [`secrets::scrub_line`] removes from each line of streamed output.
    pub fn line_patterns(&self) -> Vec<&str> {
        secrets::line_patterns(&self.secrets)
    }

    /// Literal strings assigned to secret-named arguments of resources
    /// (`password = "..."`) and sensitive variable defaults are secrets too.
    /// (Also provider credentials and literal secrets in user data.)
    fn collect_literal_secrets(&mut self) {
        let mut found = Vec::new();
        for m in self.modules.iter() {
            for v in m.variables.values() {
                if v.sensitive || secrets::looks_secret(&v.name) {
                    if let Some(d) = &v.default {
                        let val = Evaluator::new(&tfvars::LiteralEnv).eval(d);
                        tfvars::collect_strings(&val, &mut found);
                    }
                }
            }
            for r in &m.resources {
                for a in r.block.body.attributes() {
                    if let Some(s) = a.value.as_str() {
                        if secrets::is_literal_secret(a.key.as_str(), s) {
                            found.push(s.to_string());
                        }
                    }
                    // Secrets a heredoc script assigns (user data).
                    if a.key.as_str() == "user_data" {
                        if let Some(t) = self_text(&self.files[r.file].text, &a.value) {
                            found.extend(secrets::script_secrets(&t).into_iter().map(|(_, v)| v));
                        }
                    }
                }
            }
            // Credentials in provider blocks.
            for p in &m.providers {
                for a in p.block.body.attributes() {
                    if let Some(s) = a.value.as_str() {
                        if secrets::is_literal_secret(a.key.as_str(), s) {
                            found.push(s.to_string());
                        }
                    }
                }
            }
        }
        for inst in &self.instances {
            for b in inst.vars.values() {
                if b.value.is_sensitive() {
                    tfvars::collect_strings(&b.value, &mut found);
                }
            }
        }
        self.secrets.extend(found);
    }
}

/// The source text of an expression, by its span.
fn self_text(text: &str, e: &ast::Expression) -> Option<String> {
    let r = ast::Span::span(e)?;
    text.get(r).map(str::to_string)
}
