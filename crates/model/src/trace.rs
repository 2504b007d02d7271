//! Where a value comes from: the resource attributes an expression reaches
//! through variables (into the caller's module input), locals and module
//! outputs. Lets a rule see that `records = [var.app_public_ip]` in one
//! module is the Elastic IP of another.

use crate::ast::{visit_traversal, Visit};
use crate::ast::{Expression, Traversal, TraversalOperator};

use crate::instance::InstanceId;
use crate::model::ResourceMode;
use crate::Project;

/// A resource attribute an expression depends on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Origin {
    pub instance: InstanceId,
    pub mode: ResourceMode,
    pub ty: String,
    pub name: String,
    /// The attribute read, when the reference names one.
    pub attr: Option<String>,
}

/// References found in one expression, by kind.
#[derive(Default)]
struct Refs {
    vars: Vec<String>,
    locals: Vec<String>,
    outputs: Vec<(String, String)>,
    resources: Vec<(ResourceMode, String, String, Option<String>)>,
}

impl Visit for Refs {
    fn visit_traversal(&mut self, t: &Traversal) {
        if let Expression::Variable(root) = &t.expr {
            let attrs: Vec<Option<&str>> = t
                .operators
                .iter()
                .map(|o| match o.value() {
                    TraversalOperator::GetAttr(a) => Some(a.as_str()),
                    _ => None,
                })
                .collect();
            let at = |i: usize| attrs.get(i).copied().flatten();
            match root.as_str() {
                "var" => self.vars.extend(at(0).map(str::to_string)),
                "local" => self.locals.extend(at(0).map(str::to_string)),
                "module" => {
                    // module.NAME.OUT or module.NAME[KEY].OUT
                    if let Some(call) = at(0) {
                        if let Some(out) = at(1).or(at(2)) {
                            self.outputs.push((call.to_string(), out.to_string()));
                        }
                    }
                }
                "data" => {
                    if let (Some(ty), Some(name)) = (at(0), at(1)) {
                        let attr = at(2).or(at(3)).map(str::to_string);
                        self.resources
                            .push((ResourceMode::Data, ty.into(), name.into(), attr));
                    }
                }
                "count" | "each" | "self" | "path" | "terraform" => {}
                ty => {
                    if let Some(name) = at(0) {
                        let attr = at(1).or(at(2)).map(str::to_string);
                        self.resources
                            .push((ResourceMode::Managed, ty.into(), name.into(), attr));
                    }
                }
            }
        }
        visit_traversal(self, t);
    }
}

impl Project {
    /// The resource attributes `expr`, evaluated in `instance`, depends on.
    pub fn origins(&self, instance: InstanceId, expr: &Expression) -> Vec<Origin> {
        let mut out = Vec::new();
        let mut seen = Vec::new();
        self.trace(instance, expr, 0, &mut seen, &mut out);
        out.sort();
        out.dedup();
        out
    }

    fn trace(
        &self,
        inst: InstanceId,
        expr: &Expression,
        depth: usize,
        seen: &mut Vec<(InstanceId, String)>,
        out: &mut Vec<Origin>,
    ) {
        if depth > 64 {
            return;
        }
        let mut refs = Refs::default();
        refs.visit_expr(expr);
        let instance = &self.instances[inst];
        let module = &self.modules[instance.module];
        for (mode, ty, name, attr) in refs.resources {
            out.push(Origin {
                instance: inst,
                mode,
                ty,
                name,
                attr,
            });
        }
        for l in refs.locals {
            if seen.contains(&(inst, format!("local.{l}"))) {
                continue;
            }
            seen.push((inst, format!("local.{l}")));
            if let Some(local) = module.locals.get(&l) {
                self.trace(inst, &local.expr, depth + 1, seen, out);
            }
        }
        for v in refs.vars {
            let Some((parent, call_idx)) = instance.parent else {
                continue;
            };
            if seen.contains(&(inst, format!("var.{v}"))) {
                continue;
            }
            seen.push((inst, format!("var.{v}")));
            let call = &self.modules[self.instances[parent].module].calls[call_idx];
            if let Some(a) = call.block.body.get_attribute(&v) {
                self.trace(parent, &a.value, depth + 1, seen, out);
            }
        }
        for (call_name, output) in refs.outputs {
            let Some(idx) = module.calls.iter().position(|c| c.name == call_name) else {
                continue;
            };
            for &child in instance
                .children
                .get(&idx)
                .map(Vec::as_slice)
                .unwrap_or_default()
            {
                if seen.contains(&(child, format!("output.{output}"))) {
                    continue;
                }
                seen.push((child, format!("output.{output}")));
                let cm = &self.modules[self.instances[child].module];
                if let Some(value) = cm
                    .outputs
                    .get(&output)
                    .and_then(|o| o.block.body.get_attribute("value"))
                {
                    self.trace(child, &value.value, depth + 1, seen, out);
                }
            }
        }
    }
}
