//! Where the values a remediation module needs come from in the user's
//! stack: a VPC id, the public subnets, the app's security group, the
//! instance, the database, the hosted zone. Found by following the root
//! module's calls and outputs back to resources, so the wiring works for
//! stacks tfready has never seen; what cannot be found becomes a new root
//! variable the user fills in.

use std::collections::BTreeMap;

use tfready_model::{ModuleSource, Presence, Project, ResourceMode, ResourceRef};

/// An expression in the root module, and the `count` its module call has
/// (a module fed from a counted module gets the same `count`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub expr: String,
    pub count: Option<String>,
}

pub struct Wiring<'p> {
    pub project: &'p Project,
    /// (instance, type, name, attribute) → root expression reading it.
    exprs: BTreeMap<(usize, String, String, String), Source>,
}

impl<'p> Wiring<'p> {
    pub fn new(project: &'p Project) -> Self {
        let mut exprs = BTreeMap::new();
        let root = &project.instances[0];
        let module = project.root_module();
        for r in project.resources().filter(|r| r.instance.id == 0) {
            for attr in [
                "id",
                "arn",
                "name",
                "identifier",
                "zone_id",
                "cidr_block",
                "dns_name",
            ] {
                exprs.insert(
                    (
                        0,
                        r.resource.ty.clone(),
                        r.resource.name.clone(),
                        attr.to_string(),
                    ),
                    Source {
                        expr: format!("{}.{attr}", r.resource.address()),
                        count: None,
                    },
                );
            }
        }
        for (idx, call) in module.calls.iter().enumerate() {
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
                    // Only outputs that are one resource attribute, as written.
                    if let [o] = origins.as_slice() {
                        if let Some(attr) = &o.attr {
                            exprs
                                .entry((o.instance, o.ty.clone(), o.name.clone(), attr.clone()))
                                .or_insert(Source {
                                    expr: format!("{base}.{name}"),
                                    count: count.clone(),
                                });
                        }
                    }
                }
            }
        }
        Wiring { project, exprs }
    }

    /// The root expression for an attribute of a resource.
    pub fn attr(&self, r: &ResourceRef<'_>, attr: &str) -> Option<Source> {
        self.exprs
            .get(&(
                r.instance.id,
                r.resource.ty.clone(),
                r.resource.name.clone(),
                attr.to_string(),
            ))
            .cloned()
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

    /// A root variable's expression, trying several names.
    pub fn var(&self, names: &[&str]) -> Option<String> {
        names
            .iter()
            .find(|n| self.project.root_module().variables.contains_key(**n))
            .map(|n| format!("var.{n}"))
    }

    pub fn vpc_id(&self) -> Option<Source> {
        self.first("aws_vpc", "id", |_| true).map(|(_, s)| s)
    }

    pub fn vpc_cidr(&self) -> Option<Source> {
        self.first("aws_vpc", "cidr_block", |_| true)
            .map(|(_, s)| s)
    }

    /// Subnets: an output that is a list of ids of public (or private) subnets.
    pub fn subnets(&self, public: bool) -> Option<Source> {
        self.first("aws_subnet", "id", |s| {
            (s.eval("map_public_ip_on_launch").and_then(|v| v.as_bool()) == Some(true)) == public
        })
        .map(|(_, s)| s)
    }

    /// The security group of the app instances.
    pub fn app_security_group(&self) -> Option<Source> {
        let instance = self.project.resources_of("aws_instance").next()?;
        let attr = instance.attr("vpc_security_group_ids")?;
        let origins = self.project.origins(instance.instance.id, attr.expr());
        origins
            .iter()
            .find(|o| o.ty == "aws_security_group" && o.mode == ResourceMode::Managed)
            .and_then(|o| {
                self.exprs
                    .get(&(o.instance, o.ty.clone(), o.name.clone(), "id".to_string()))
                    .cloned()
            })
    }

    pub fn instance(&self, attr: &str) -> Option<(ResourceRef<'p>, Source)> {
        self.first("aws_instance", attr, |_| true)
    }

    pub fn database(&self, attr: &str) -> Option<(ResourceRef<'p>, Source)> {
        self.first("aws_db_instance", attr, |d| {
            d.attr("replicate_source_db").is_none()
        })
    }

    pub fn zone_id(&self) -> Option<Source> {
        self.first("aws_route53_zone", "zone_id", |_| true)
            .map(|(_, s)| s)
    }

    /// The IAM role the app instances run as: the role of the instance
    /// profile the instance uses.
    pub fn instance_role_name(&self) -> Option<Source> {
        self.first("aws_iam_role", "name", |r| {
            r.eval("assume_role_policy")
                .and_then(|v| v.as_string())
                .is_some_and(|p| p.contains("ec2.amazonaws.com"))
        })
        .map(|(_, s)| s)
    }
}

/// The `count` a new module call needs when any of its inputs comes from a
/// counted module.
pub fn combined_count(sources: &[&Source]) -> Option<String> {
    sources.iter().find_map(|s| s.count.clone())
}
