//! The declarations of one Terraform module (one directory), as parsed.
//! Blocks are kept as tfready's compact tree ([`crate::ast`]), with spans
//! into the source text, which stays available.

use std::collections::BTreeMap;

use crate::ast::Expression;
use crate::ast::{Attribute, Block, Body};

use crate::source::{FileId, Span};

/// Index of a module in [`crate::Project::modules`].
pub type ModuleId = usize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ResourceMode {
    Managed,
    Data,
}

/// A `resource` or `data` block.
#[derive(Debug)]
pub struct Resource {
    pub mode: ResourceMode,
    pub ty: String,
    pub name: String,
    pub file: FileId,
    pub span: Span,
    pub block: Block,
}

impl Resource {
    /// `aws_instance.app` or `data.aws_ami.ubuntu`.
    pub fn address(&self) -> String {
        self.address_in("")
    }

    /// [`Resource::address`] inside a module instance's address
    /// (`module.vpc`; empty for the root), in one allocation: rules ask
    /// for it once or twice a finding.
    pub fn address_in(&self, module: &str) -> String {
        let data = matches!(self.mode, ResourceMode::Data);
        let mut out = String::with_capacity(module.len() + 7 + self.ty.len() + self.name.len());
        if !module.is_empty() {
            out.push_str(module);
            out.push('.');
        }
        if data {
            out.push_str("data.");
        }
        out.push_str(&self.ty);
        out.push('.');
        out.push_str(&self.name);
        out
    }

    pub fn attr(&self, name: &str) -> Option<&Attribute> {
        self.block.body.get_attribute(name)
    }
}

#[derive(Debug)]
pub struct Variable {
    pub name: String,
    pub file: FileId,
    pub span: Span,
    pub default: Option<Expression>,
    pub sensitive: bool,
    pub description: Option<String>,
    pub block: Block,
}

#[derive(Debug)]
pub struct Local {
    pub name: String,
    pub file: FileId,
    pub span: Span,
    pub expr: Expression,
}

#[derive(Debug)]
pub struct Output {
    pub name: String,
    pub file: FileId,
    pub span: Span,
    pub block: Block,
}

/// Where a module call's `source` points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModuleSource {
    /// A local directory inside the project, loaded as this module.
    Local(ModuleId),
    /// Registry, git, http, s3... sources: not downloaded, not analysed.
    Remote(String),
    /// A local path that leaves the project root: reported, not followed.
    OutsideRoot(String),
    /// A local path that does not exist or holds no Terraform files.
    Missing(String),
    /// No `source`, or one that is not a literal string.
    Invalid,
}

#[derive(Debug)]
pub struct ModuleCall {
    pub name: String,
    pub source_text: String,
    pub source: ModuleSource,
    pub file: FileId,
    pub span: Span,
    pub block: Block,
}

/// A `provider` block.
#[derive(Debug)]
pub struct Provider {
    pub name: String,
    pub file: FileId,
    pub span: Span,
    pub block: Block,
}

/// A `terraform` block (backend, required providers, ...).
#[derive(Debug)]
pub struct TerraformBlock {
    pub file: FileId,
    pub span: Span,
    pub block: Block,
}

/// Any other top-level block (`moved`, `import`, `check`, ...), kept so later
/// passes can see it.
#[derive(Debug)]
pub struct OtherBlock {
    pub file: FileId,
    pub span: Span,
    pub block: Block,
}

/// One module: every declaration in the `.tf` / `.tf.json` files of a directory.
#[derive(Debug, Default)]
pub struct Module {
    /// Directory relative to the project root (`""` for the root module).
    pub dir: String,
    pub files: Vec<FileId>,
    pub resources: Vec<Resource>,
    pub variables: BTreeMap<String, Variable>,
    pub locals: BTreeMap<String, Local>,
    pub outputs: BTreeMap<String, Output>,
    pub calls: Vec<ModuleCall>,
    pub providers: Vec<Provider>,
    pub terraform: Vec<TerraformBlock>,
    pub other: Vec<OtherBlock>,
    /// `resources` by a hash of (mode, type, name), built on the first
    /// lookup: references are resolved by name, often, in modules of
    /// thousands of resources.
    pub(crate) by_name: std::sync::OnceLock<std::collections::HashMap<u64, usize>>,
}

fn name_key(mode: ResourceMode, ty: &str, name: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (mode == ResourceMode::Data, ty, name).hash(&mut h);
    h.finish()
}

impl Module {
    /// The resource or data source declared as `mode` `ty` `name` (the
    /// first, when a broken configuration declares it twice).
    pub fn resource(&self, mode: ResourceMode, ty: &str, name: &str) -> Option<&Resource> {
        let index = self.by_name.get_or_init(|| {
            let mut index = std::collections::HashMap::with_capacity(self.resources.len());
            for (i, r) in self.resources.iter().enumerate() {
                index.entry(name_key(r.mode, &r.ty, &r.name)).or_insert(i);
            }
            index
        });
        let is = |r: &&Resource| r.mode == mode && r.ty == ty && r.name == name;
        match index
            .get(&name_key(mode, ty, name))
            .map(|&i| &self.resources[i])
        {
            Some(r) if is(&r) => Some(r),
            // A hash collision: look the slow way.
            Some(_) => self.resources.iter().find(is),
            None => None,
        }
    }

    pub fn managed(&self) -> impl Iterator<Item = &Resource> {
        self.resources
            .iter()
            .filter(|r| r.mode == ResourceMode::Managed)
    }

    pub fn call(&self, name: &str) -> Option<&ModuleCall> {
        self.calls.iter().find(|c| c.name == name)
    }

    /// The `backend` block of this module's `terraform` blocks, if any.
    pub fn backend(&self) -> Option<(&TerraformBlock, &Block)> {
        self.terraform
            .iter()
            .find_map(|t| t.block.body.get_blocks("backend").next().map(|b| (t, b)))
    }

    /// The `cloud` block (HCP Terraform), which also stores state remotely.
    pub fn cloud(&self) -> Option<&Block> {
        self.terraform
            .iter()
            .find_map(|t| t.block.body.get_blocks("cloud").next())
    }
}

/// Collects the declarations of one parsed file into `module`.
pub(crate) fn collect(
    module: &mut Module,
    file: FileId,
    body: Body,
    span_of: impl Fn(&Block) -> Span,
) {
    for structure in body.into_iter() {
        let Ok(block) = structure.into_block() else {
            continue;
        };
        let span = span_of(&block);
        let labels: Vec<String> = block
            .labels
            .iter()
            .map(|l| l.as_str().to_string())
            .collect();
        match (block.ident.as_str(), labels.as_slice()) {
            ("resource", [ty, name]) | ("data", [ty, name]) => {
                let mode = if block.ident.as_str() == "resource" {
                    ResourceMode::Managed
                } else {
                    ResourceMode::Data
                };
                module.resources.push(Resource {
                    mode,
                    ty: ty.clone(),
                    name: name.clone(),
                    file,
                    span,
                    block,
                });
            }
            ("variable", [name]) => {
                let default = block.body.get_attribute("default").map(|a| a.value.clone());
                let sensitive = block
                    .body
                    .get_attribute("sensitive")
                    .and_then(|a| a.value.as_bool())
                    .unwrap_or(false);
                let description = block
                    .body
                    .get_attribute("description")
                    .and_then(|a| a.value.as_str().map(str::to_string));
                module.variables.insert(
                    name.clone(),
                    Variable {
                        name: name.clone(),
                        file,
                        span,
                        default,
                        sensitive,
                        description,
                        block,
                    },
                );
            }
            ("locals", []) => {
                for attr in block.body.attributes() {
                    let span = attr
                        .span()
                        .map_or_else(|| span.clone(), |r| Span::new(file, r));
                    module.locals.insert(
                        attr.key.as_str().to_string(),
                        Local {
                            name: attr.key.as_str().to_string(),
                            file,
                            span,
                            expr: attr.value.clone(),
                        },
                    );
                }
            }
            ("output", [name]) => {
                module.outputs.insert(
                    name.clone(),
                    Output {
                        name: name.clone(),
                        file,
                        span,
                        block,
                    },
                );
            }
            ("module", [name]) => {
                let source_text = block
                    .body
                    .get_attribute("source")
                    .and_then(|a| a.value.as_str().map(str::to_string))
                    .unwrap_or_default();
                module.calls.push(ModuleCall {
                    name: name.clone(),
                    source_text,
                    source: ModuleSource::Invalid,
                    file,
                    span,
                    block,
                });
            }
            ("provider", [name]) => module.providers.push(Provider {
                name: name.clone(),
                file,
                span,
                block,
            }),
            ("terraform", []) => module.terraform.push(TerraformBlock { file, span, block }),
            _ => module.other.push(OtherBlock { file, span, block }),
        }
    }
}

use crate::ast::Span as _;
