//! What the stack has, as expressions the root module can read: the wiring
//! finds them where the stack already exposes them; where it does not (a
//! resource inside a module the root calls, with no output for it), fix
//! adds the output to that module, once, and reads that.

use tfready_model::{ModuleSource, Presence, ResourceRef};

use crate::fixing::cx::FixCx;
use crate::fixing::hcl::{block_mut, push_snippet};
use crate::fixing::wiring::{is_public_subnet, Source};

impl FixCx<'_> {
    /// The root expression of `attr` of one instance of `r` (`list`: of
    /// every instance, as a list).
    pub fn expose(&mut self, r: &ResourceRef<'_>, attr: &str, list: bool) -> Option<Source> {
        if !list {
            if let Some(s) = self.wiring.attr(r, attr) {
                return Some(s);
            }
        }
        let (one, all) = crate::fixing::wiring::reads(r, attr);
        let value = if list { all } else { one };
        // In the root: read it there.
        let Some((parent, call_idx)) = r.instance.parent else {
            return Some(Source {
                expr: value,
                count: None,
            });
        };
        // In a module the root calls directly (not with for_each): an output
        // (which a module `terraform init` downloaded cannot be given).
        if parent != 0 || crate::fixing::workspace::is_downloaded(&r.module().dir) {
            return None;
        }
        let call = &self.project.root_module().calls[call_idx];
        if call.source != ModuleSource::Local(r.instance.module)
            || call.block.body.has_attribute("for_each")
        {
            return None;
        }
        let count = call.block.body.get_attribute("count").map(|a| {
            self.project.files[call.file]
                .text_of(&a.value)
                .map(|t| t.trim().to_string())
        });
        let count = match count {
            Some(Some(c)) => Some(c),
            Some(None) => return None,
            None => None,
        };
        let call_name = call.name.clone();
        let ty = r.resource.ty.trim_start_matches("aws_");
        let suffix = if list { "s" } else { "" };
        let name = format!("{ty}_{}_{attr}{suffix}", r.resource.name);
        let dir = r.module().dir.clone();
        let file = format!("{dir}/outputs.tf");
        let exists = self.project.modules[r.instance.module]
            .outputs
            .contains_key(&name);
        if !exists {
            self.edit_file(&file, |b| {
                if block_mut(b, "output", &[&name]).is_none() {
                    push_snippet(
                        b,
                        &format!("\n# Added by `tfready fix`: read by the modules it wires in.\noutput \"{name}\" {{\n  value = {value}\n}}\n"),
                    );
                }
            });
        }
        let base = if count.is_some() {
            format!("module.{call_name}[0]")
        } else {
            format!("module.{call_name}")
        };
        Some(Source {
            expr: format!("{base}.{name}"),
            count,
        })
    }

    /// Every resource of `ty` that `pick` accepts, `attr` of each instance,
    /// as one list.
    pub fn expose_all(
        &mut self,
        ty: &str,
        attr: &str,
        pick: impl Fn(&ResourceRef<'_>) -> bool,
    ) -> Option<Source> {
        if let Some(s) = self.wiring.all(ty, attr, &pick) {
            return Some(s);
        }
        let rs: Vec<_> = self
            .project
            .resources_of(ty)
            .filter(|r| r.presence() != Presence::No && pick(r))
            .collect();
        let mut parts: Vec<Source> = Vec::new();
        for r in &rs {
            if let Some(s) = self.expose(r, attr, true) {
                if !parts.iter().any(|p| p.expr == s.expr) {
                    parts.push(s);
                }
            }
        }
        crate::fixing::wiring::concat(parts)
    }

    /// The first resource of `ty` (that `pick` accepts) and `attr` of it.
    pub fn expose_first(
        &mut self,
        ty: &str,
        attr: &str,
        pick: impl Fn(&ResourceRef<'_>) -> bool,
    ) -> Option<Source> {
        if let Some((_, s)) = self.wiring.first(ty, attr, &pick) {
            return Some(s);
        }
        let r = self
            .project
            .resources_of(ty)
            .find(|r| r.presence() != Presence::No && pick(r))?;
        self.expose(&r, attr, false)
    }

    pub fn vpc_id(&mut self) -> Option<Source> {
        self.wiring
            .vpc_id()
            .or_else(|| self.expose_first("aws_vpc", "id", |_| true))
    }

    pub fn vpc_cidr(&mut self) -> Option<Source> {
        self.wiring
            .vpc_cidr()
            .or_else(|| self.expose_first("aws_vpc", "cidr_block", |_| true))
    }

    /// The public (or private) subnets, as one list of ids.
    pub fn subnets(&mut self, public: bool) -> Option<Source> {
        self.expose_all("aws_subnet", "id", |s| is_public_subnet(s) == public)
            .or_else(|| self.wiring.subnets(public))
    }

    /// The app's security group.
    pub fn app_security_group(&mut self) -> Option<Source> {
        if let Some(s) = self.wiring.app_security_group() {
            return Some(s);
        }
        let sg = self.wiring.app_security_group_resource()?;
        self.expose(&sg, "id", false)
    }

    /// Every app instance's `attr`, as one list.
    pub fn instances(&mut self, attr: &str) -> Option<Source> {
        let retired = self.retired.clone();
        self.expose_all("aws_instance", attr, move |r| {
            retired.as_deref() != Some(r.address().as_str())
        })
    }

    /// The primary database (not a replica) and `attr` of it.
    pub fn database(&mut self, attr: &str) -> Option<Source> {
        self.expose_first("aws_db_instance", attr, |d| {
            d.attr("replicate_source_db").is_none()
        })
    }

    /// The Auto Scaling group of the app, and its `attr`.
    pub fn autoscaling_group(&mut self, attr: &str) -> Option<Source> {
        self.expose_first("aws_autoscaling_group", attr, |_| true)
    }

    /// The hosted zone's id: the wiring's (zone resource, data source or
    /// variable), else a zone inside a module.
    pub fn zone_id(&mut self) -> Option<Source> {
        self.wiring
            .zone_id()
            .or_else(|| self.expose_first("aws_route53_zone", "zone_id", |_| true))
    }

    /// The domain: a domain variable or the zone's name.
    pub fn domain(&mut self) -> Option<Source> {
        self.wiring
            .domain()
            .or_else(|| self.expose_first("aws_route53_zone", "name", |_| true))
    }

    /// The IAM role the app instances run as (one that EC2 assumes).
    pub fn instance_role_name(&mut self) -> Option<Source> {
        self.wiring
            .instance_role_name()
            .or_else(|| self.expose_first("aws_iam_role", "name", |r| r.is_ec2_role()))
    }
}
