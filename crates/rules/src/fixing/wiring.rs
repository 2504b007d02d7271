//! Where the values a remediation module needs come from in the user's
//! stack: a VPC id, the public subnets, the app's security group, the
//! instances, the database, the hosted zone. Found by following the root
//! module's calls and outputs back to resources (by type and attribute,
//! never by name), so the wiring works for stacks tfready has never seen;
//! resources with `count` or `for_each` are read with their keys. What
//! cannot be found is reported, not guessed.

use std::collections::BTreeMap;

use tfready_model::naming::{DOMAIN_VARS, ZONE_ID_VARS};
use tfready_model::{ModuleSource, Presence, Project, ResourceMode, ResourceRef};

/// An expression in the root module, and the `count` its module call has
/// (a module fed from a counted module gets the same `count`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub expr: String,
    pub count: Option<String>,
}

/// (instance, type, name, attribute).
type Key = (usize, String, String, String);

/// Attributes the wiring reads.
const ATTRS: &[&str] = &[
    "id",
    "arn",
    "name",
    "identifier",
    "zone_id",
    "cidr_block",
    "dns_name",
    "ids",
];

/// Data sources the wiring reads like resources.
const DATA: &[&str] = &["aws_route53_zone", "aws_vpc", "aws_subnets"];

pub struct Wiring<'p> {
    pub project: &'p Project,
    /// One instance's attribute, as the root reads it.
    exprs: BTreeMap<Key, Source>,
    /// Every instance's attribute, as a list (resources with `count` or
    /// `for_each`, and module outputs that are lists).
    lists: BTreeMap<Key, Source>,
}

impl<'p> Wiring<'p> {
    pub fn new(project: &'p Project) -> Self {
        let mut w = Wiring {
            project,
            exprs: BTreeMap::new(),
            lists: BTreeMap::new(),
        };
        let root_refs = project
            .resources()
            .chain(DATA.iter().flat_map(|t| project.data_of(t)))
            .filter(|r| r.instance.id == 0);
        for r in root_refs {
            for attr in ATTRS {
                let (one, all) = reads(&r, attr);
                let key = key(&r, attr);
                w.exprs.insert(key.clone(), source(one, None));
                w.lists.insert(key, source(all, None));
            }
        }
        w.add_module_outputs();
        w
    }

    /// Module outputs that read one resource's attribute, as the root reads them.
    fn add_module_outputs(&mut self) {
        let project = self.project;
        let root = &project.instances[0];
        for (idx, call) in project.root_module().calls.iter().enumerate() {
            let ModuleSource::Local(m) = call.source else {
                continue;
            };
            if call.block.body.has_attribute("for_each") {
                continue;
            }
            // Written into generated Terraform as is: a call whose `count`
            // has no source text (`.tf.json`) is not wired rather than
            // wired with a guess.
            let count = match call.block.body.get_attribute("count") {
                Some(a) => match project.files[call.file].text_of(&a.value) {
                    Some(text) => Some(text.trim().to_string()),
                    None => continue,
                },
                None => None,
            };
            let base = if count.is_some() {
                format!("module.{}[0]", call.name)
            } else {
                format!("module.{}", call.name)
            };
            for &child in root
                .children
                .get(&idx)
                .map(Vec::as_slice)
                .unwrap_or_default()
            {
                for (name, out) in &project.modules[m].outputs {
                    let Some(value) = out.block.body.get_attribute("value") else {
                        continue;
                    };
                    let origins = project.origins(child, &value.value);
                    let [o] = origins.as_slice() else {
                        continue;
                    };
                    // `[for s in aws_subnet.x : s.id]` names no attribute
                    // on the resource itself: the output's name says which.
                    let attr = o.attr.clone().or_else(|| {
                        ATTRS
                            .iter()
                            .find(|a| {
                                name.ends_with(&format!("_{a}s"))
                                    || name.ends_with(&format!("_{a}"))
                            })
                            .map(|a| a.to_string())
                    });
                    let Some(attr) = attr else { continue };
                    let key = (o.instance, o.ty.clone(), o.name.clone(), attr);
                    let src = source(format!("{base}.{name}"), count.clone());
                    let is_list = is_list(project, child, out.file, &value.value);
                    let map = if is_list {
                        &mut self.lists
                    } else {
                        &mut self.exprs
                    };
                    map.entry(key).or_insert(src);
                }
            }
        }
    }

    /// The root expression for an attribute of a resource (one instance).
    pub fn attr(&self, r: &ResourceRef<'_>, attr: &str) -> Option<Source> {
        self.exprs.get(&key(r, attr)).cloned()
    }

    /// The first resource of a type that may exist and whose `attr` the root
    /// can read.
    pub fn first(
        &self,
        ty: &str,
        attr: &str,
        pick: impl Fn(&ResourceRef<'_>) -> bool,
    ) -> Option<(ResourceRef<'p>, Source)> {
        self.project
            .resources_of(ty)
            .filter(|r| r.presence() != Presence::No && pick(r))
            .find_map(|r| self.attr(&r, attr).map(|s| (r, s)))
    }

    /// Every resource of a type `pick` accepts, as one list expression of
    /// `attr` (resources the root cannot read are left out).
    pub fn all(
        &self,
        ty: &str,
        attr: &str,
        pick: impl Fn(&ResourceRef<'_>) -> bool,
    ) -> Option<Source> {
        let mut parts: Vec<Source> = Vec::new();
        let mut seen = Vec::new();
        for r in self
            .project
            .resources_of(ty)
            .filter(|r| r.presence() != Presence::No && pick(r))
        {
            // Module instances of one resource share their list.
            let k = key(&r, attr);
            if let Some(s) = self.lists.get(&k).or_else(|| self.exprs.get(&k)) {
                if !seen.contains(&s.expr) {
                    seen.push(s.expr.clone());
                    let list = if self.lists.contains_key(&k) {
                        s.clone()
                    } else {
                        source(format!("[{}]", s.expr), s.count.clone())
                    };
                    parts.push(list);
                }
            }
        }
        concat(parts)
    }

    /// A root variable's expression, trying several names.
    pub fn var(&self, names: &[&'static str]) -> Option<String> {
        self.project.first_var(names).map(|n| format!("var.{n}"))
    }

    pub fn vpc_id(&self) -> Option<Source> {
        self.first("aws_vpc", "id", |_| true)
            .map(|(_, s)| s)
            .or_else(|| self.data("aws_vpc", "id"))
    }

    pub fn vpc_cidr(&self) -> Option<Source> {
        self.first("aws_vpc", "cidr_block", |_| true)
            .map(|(_, s)| s)
            .or_else(|| self.data("aws_vpc", "cidr_block"))
    }

    /// The public (or private) subnets, as one list of ids.
    pub fn subnets(&self, public: bool) -> Option<Source> {
        self.all("aws_subnet", "id", |s| is_public_subnet(s) == public)
            .or_else(|| self.data("aws_subnets", "ids"))
    }

    /// The security group of the app's compute (its first managed group).
    pub fn app_security_group_resource(&self) -> Option<ResourceRef<'p>> {
        let compute = self.app_compute().next()?;
        let attr = compute
            .attr("vpc_security_group_ids")
            .or_else(|| compute.attr("security_groups"))
            .or_else(|| {
                compute
                    .blocks("network_interfaces")
                    .first()
                    .and_then(|b| b.attr("security_groups"))
            })?;
        let o = self
            .project
            .origins(compute.instance.id, attr.expr())
            .into_iter()
            .find(|o| o.ty == "aws_security_group" && o.mode == ResourceMode::Managed)?;
        self.project
            .resources_of("aws_security_group")
            .find(|r| r.instance.id == o.instance && r.resource.name == o.name)
    }

    /// The security group of the app instances, as the root reads it.
    pub fn app_security_group(&self) -> Option<Source> {
        self.attr(&self.app_security_group_resource()?, "id")
    }

    /// The app's compute: instances, else launch templates.
    pub fn app_compute(&self) -> impl Iterator<Item = ResourceRef<'p>> + '_ {
        let instances: Vec<_> = self.project.resources_of("aws_instance").collect();
        let templates: Vec<_> = if instances.is_empty() {
            self.project.resources_of("aws_launch_template").collect()
        } else {
            Vec::new()
        };
        instances.into_iter().chain(templates)
    }

    pub fn zone_id(&self) -> Option<Source> {
        self.first("aws_route53_zone", "zone_id", |_| true)
            .map(|(_, s)| s)
            .or_else(|| self.data("aws_route53_zone", "zone_id"))
            .or_else(|| self.var(ZONE_ID_VARS).map(|e| source(e, None)))
    }

    /// The domain the zone serves: a domain variable, else the zone's name.
    pub fn domain(&self) -> Option<Source> {
        self.var(DOMAIN_VARS)
            .map(|e| source(e, None))
            .or_else(|| {
                self.first("aws_route53_zone", "name", |_| true)
                    .map(|(_, s)| s)
            })
            .or_else(|| self.data("aws_route53_zone", "name"))
    }

    /// A root data source's attribute.
    fn data(&self, ty: &str, attr: &str) -> Option<Source> {
        self.project
            .data_of(ty)
            .filter(|r| r.instance.id == 0)
            .find_map(|r| self.exprs.get(&key(&r, attr)).cloned())
    }

    /// The IAM role the app instances run as: the role of the instance
    /// profile the instance uses.
    pub fn instance_role_name(&self) -> Option<Source> {
        self.first("aws_iam_role", "name", |r| r.is_ec2_role())
            .map(|(_, s)| s)
    }
}

/// How the module a resource is declared in reads `attr` of it: of one
/// instance (`[0]` under `count`, the first value under `for_each`), and of
/// every instance as a list.
pub fn reads(r: &ResourceRef<'_>, attr: &str) -> (String, String) {
    let addr = r.resource.address();
    let body = &r.resource.block.body;
    if body.has_attribute("count") {
        (format!("{addr}[0].{attr}"), format!("{addr}[*].{attr}"))
    } else if body.has_attribute("for_each") {
        (
            format!("values({addr})[0].{attr}"),
            format!("values({addr})[*].{attr}"),
        )
    } else {
        (format!("{addr}.{attr}"), format!("[{addr}.{attr}]"))
    }
}

/// Lists as one: the list itself, or `concat(...)` of several.
pub fn concat(mut parts: Vec<Source>) -> Option<Source> {
    match parts.len() {
        0 => None,
        1 => parts.pop(),
        _ => Some(source(
            format!(
                "concat({})",
                parts
                    .iter()
                    .map(|p| p.expr.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            parts.iter().find_map(|p| p.count.clone()),
        )),
    }
}

fn source(expr: String, count: Option<String>) -> Source {
    Source { expr, count }
}

fn key(r: &ResourceRef<'_>, attr: &str) -> Key {
    (
        r.instance.id,
        r.resource.ty.clone(),
        r.resource.name.clone(),
        attr.to_string(),
    )
}

/// Whether a module output is a list: its value is one, or (unknown before
/// apply) it is written as a splat, a `for` or a list.
fn is_list(
    project: &Project,
    instance: usize,
    file: tfready_model::FileId,
    expr: &tfready_model::ast::Expression,
) -> bool {
    let env = tfready_model::InstanceEnv {
        project,
        instance: &project.instances[instance],
    };
    if matches!(
        tfready_model::Evaluator::new(&env).eval(expr).unmark().0,
        tfready_model::Value::List(_)
    ) {
        return true;
    }
    let text = project.files[file]
        .text_of(expr)
        .unwrap_or_default()
        .trim()
        .to_string();
    text.starts_with('[')
        || text.contains("[*]")
        || text.starts_with("values(")
        || text.starts_with("concat(")
}

/// Whether a subnet is public: it gives instances public addresses, or its
/// name or Name tag says so.
pub fn is_public_subnet(s: &ResourceRef<'_>) -> bool {
    if s.eval("map_public_ip_on_launch").and_then(|v| v.as_bool()) == Some(true) {
        return true;
    }
    let tag = s
        .eval("tags")
        .and_then(|t| {
            t.as_map()
                .and_then(|m| m.get("Name").and_then(|n| n.as_string()))
        })
        .unwrap_or_default();
    let says = |t: &str| {
        let t = t.to_ascii_lowercase();
        t.contains("public") || t.contains("dmz") || t.contains("edge")
    };
    says(&s.resource.name) || says(&tag)
}

/// The `count` a new module call needs when any of its inputs comes from a
/// counted module.
pub fn combined_count(sources: &[&Source]) -> Option<String> {
    sources.iter().find_map(|s| s.count.clone())
}
