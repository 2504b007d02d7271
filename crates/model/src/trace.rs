//! References: the one place tfready follows them.
//!
//! - [`named_resources`]: the resources an expression names itself.
//! - [`Project::origins`]: every resource attribute an expression reaches
//!   through variables (into the caller's module input), locals and module
//!   outputs, whatever branch or argument it is in. Lets a rule see that
//!   `records = [var.app_public_ip]` in one module is the Elastic IP of
//!   another.
//! - [`Project::value_sources`]: the resources a value is taken from,
//!   following only what passes a value on (a conditional's branch when its
//!   condition is known, function arguments, templates, the instance a
//!   `module.x["key"]` names), and the root variables it comes from.
//! - [`Project::caller_argument`] and [`Project::call_outputs`]: one step
//!   across a module boundary, for analyses of their own (plan-time
//!   values).

use crate::ast::{visit_traversal, Visit};
use crate::ast::{Decorated, Element, Expression, Traversal, TraversalOperator};

use crate::eval::Evaluator;
use crate::instance::{Instance, InstanceId};
use crate::model::{Resource, ResourceMode};
use crate::value::{values_equal, Value};
use crate::view::InstanceEnv;
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

/// A resource an expression names: (mode, type, name, attribute read).
pub type NamedResource = (ResourceMode, String, String, Option<String>);

/// The resources `expr` names itself (`TYPE.NAME...`, `data.TYPE.NAME...`),
/// in order, without following variables, locals or module outputs.
pub fn named_resources(expr: &Expression) -> Vec<NamedResource> {
    let mut refs = Refs::default();
    refs.visit_expr(expr);
    refs.resources
}

/// The input variables `expr` reads (`var.NAME`), in order of appearance.
pub fn named_variables(expr: &Expression) -> Vec<String> {
    let mut refs = Refs::default();
    refs.visit_expr(expr);
    refs.vars
}

/// A resource a value is taken from, in the module instance that declares it.
#[derive(Clone)]
pub struct ValueSource<'p> {
    pub instance: InstanceId,
    pub resource: &'p Resource,
}

/// Where a value comes from (see [`Project::value_sources`]).
#[derive(Default)]
pub struct ValueSources<'p> {
    pub resources: Vec<ValueSource<'p>>,
    /// Root module variables the value comes from.
    pub root_vars: Vec<String>,
    /// A conditional on the way had an unknown condition: the value may
    /// come from any branch.
    pub uncertain: bool,
}

/// How deep [`Project::value_sources`] follows references.
const MAX_VALUE_DEPTH: usize = 24;

impl Project {
    /// The expression a variable of a (child) instance gets from its module
    /// call, with the caller's instance.
    pub fn caller_argument(
        &self,
        inst: InstanceId,
        name: &str,
    ) -> Option<(InstanceId, &Expression)> {
        let (pid, ci) = self.instances[inst].parent?;
        let call = self.modules[self.instances[pid].module].calls.get(ci)?;
        call.block.body.get_attribute(name).map(|a| (pid, &a.value))
    }

    /// The `value` expressions of output `output` in the instances of module
    /// call `call` of `inst`: the one whose key is `key` when it is given
    /// and known, else every one.
    pub fn call_outputs(
        &self,
        inst: InstanceId,
        call: &str,
        key: Option<&Value>,
        output: &str,
    ) -> Vec<(InstanceId, &Expression)> {
        let i = &self.instances[inst];
        let Some(ci) = self.modules[i.module]
            .calls
            .iter()
            .position(|c| c.name == call)
        else {
            return Vec::new();
        };
        i.children
            .get(&ci)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter(|&&c| match (key, &self.instances[c].key) {
                (Some(k), Some(ck)) if !k.is_unknown() => values_equal(k, ck),
                _ => true,
            })
            .filter_map(|&c| {
                let out = self.modules[self.instances[c].module].outputs.get(output)?;
                out.block.body.get_attribute("value").map(|a| (c, &a.value))
            })
            .collect()
    }

    /// What a `module.CALL...` traversal (`ops`, after `module`) reads of
    /// the call: the instance key it names (`module.x["a"]`, evaluated in
    /// `instance`; `None` without one) and the output.
    pub fn module_output_read<'o>(
        &self,
        instance: &Instance,
        ops: &'o [Decorated<TraversalOperator>],
    ) -> (Option<Value>, Option<&'o str>) {
        let attr = |i: usize| match ops.get(i).map(|o| o.value()) {
            Some(TraversalOperator::GetAttr(a)) => Some(a.as_str()),
            _ => None,
        };
        match ops.get(1).map(|o| o.value()) {
            Some(TraversalOperator::Index(k)) => (Some(eval_in(self, instance, k)), attr(2)),
            Some(TraversalOperator::LegacyIndex(n)) => {
                (Some(Value::Number(*n.value() as f64)), attr(2))
            }
            Some(TraversalOperator::GetAttr(_)) => (None, attr(1)),
            _ => (None, attr(2)),
        }
    }

    /// The resources `expr`, evaluated in `inst`, takes its value from, and
    /// the root variables it comes from (see the module's documentation).
    pub fn value_sources<'p>(&'p self, inst: InstanceId, expr: &'p Expression) -> ValueSources<'p> {
        let mut sources = ValueSources::default();
        self.walk_value(inst, expr, 0, &mut sources);
        sources
    }

    fn walk_value<'p>(
        &'p self,
        inst: InstanceId,
        e: &'p Expression,
        depth: usize,
        t: &mut ValueSources<'p>,
    ) {
        if depth > MAX_VALUE_DEPTH {
            return;
        }
        let instance = &self.instances[inst];
        let module = &self.modules[instance.module];
        let next = depth + 1;
        match e {
            Expression::Parenthesis(p) => self.walk_value(inst, p.inner(), next, t),
            Expression::Conditional(c) => match eval_in(self, instance, &c.cond_expr).as_bool() {
                Some(true) => self.walk_value(inst, &c.true_expr, next, t),
                Some(false) => self.walk_value(inst, &c.false_expr, next, t),
                None => {
                    t.uncertain = true;
                    self.walk_value(inst, &c.true_expr, next, t);
                    self.walk_value(inst, &c.false_expr, next, t);
                }
            },
            Expression::FuncCall(f) => {
                for a in f.args.iter() {
                    self.walk_value(inst, a, next, t);
                }
            }
            Expression::StringTemplate(s) => {
                for el in s.iter() {
                    if let Element::Interpolation(i) = el {
                        self.walk_value(inst, &i.expr, next, t);
                    }
                }
            }
            Expression::Traversal(tr) => {
                let Some(root) = tr.expr.as_variable() else {
                    return;
                };
                let ops = &tr.operators;
                let attr = |i: usize| match ops.get(i).map(|o| o.value()) {
                    Some(TraversalOperator::GetAttr(a)) => Some(a.as_str()),
                    _ => None,
                };
                match root.as_str() {
                    "var" => {
                        let Some(name) = attr(0) else { return };
                        if instance.parent.is_none() {
                            t.root_vars.push(name.to_string());
                        } else if let Some((p, expr)) = self.caller_argument(inst, name) {
                            self.walk_value(p, expr, next, t);
                        }
                    }
                    "local" => {
                        if let Some(l) = attr(0).and_then(|n| module.locals.get(n)) {
                            self.walk_value(inst, &l.expr, next, t);
                        }
                    }
                    "module" => {
                        let Some(call) = attr(0) else { return };
                        let (key, out) = self.module_output_read(instance, ops);
                        let Some(out) = out else { return };
                        for (c, expr) in self.call_outputs(inst, call, key.as_ref(), out) {
                            self.walk_value(c, expr, next, t);
                        }
                    }
                    "count" | "each" | "path" | "terraform" | "self" => {}
                    "data" => {
                        if let (Some(ty), Some(name)) = (attr(0), attr(1)) {
                            if let Some(r) = module.resource(ResourceMode::Data, ty, name) {
                                t.resources.push(ValueSource {
                                    instance: inst,
                                    resource: r,
                                });
                            }
                        }
                    }
                    ty => {
                        if let Some(name) = attr(0) {
                            if let Some(r) = module.resource(ResourceMode::Managed, ty, name) {
                                t.resources.push(ValueSource {
                                    instance: inst,
                                    resource: r,
                                });
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }

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
            if instance.parent.is_none() || seen.contains(&(inst, format!("var.{v}"))) {
                continue;
            }
            seen.push((inst, format!("var.{v}")));
            if let Some((parent, value)) = self.caller_argument(inst, &v) {
                self.trace(parent, value, depth + 1, seen, out);
            }
        }
        for (call_name, output) in refs.outputs {
            for (child, value) in self.call_outputs(inst, &call_name, None, &output) {
                if seen.contains(&(child, format!("output.{output}"))) {
                    continue;
                }
                seen.push((child, format!("output.{output}")));
                self.trace(child, value, depth + 1, seen, out);
            }
        }
    }
}

/// `e` evaluated in module instance `instance`.
fn eval_in(project: &Project, instance: &Instance, e: &Expression) -> Value {
    let env = InstanceEnv { project, instance };
    Evaluator::new(&env).eval(e)
}

/// The module call names of an address: `module.db.module.x["a"].aws_y.z`
/// gives `["db", "x"]`.
pub fn call_chain(address: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = address;
    while let Some(r) = rest.strip_prefix("module.") {
        let name: String = r
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        rest = &r[name.len()..];
        // Skip an instance key: [0] or ["a"].
        if rest.starts_with('[') {
            rest = rest.find("].").map_or("", |i| &rest[i + 1..]);
        }
        rest = rest.strip_prefix('.').unwrap_or(rest);
        out.push(name);
    }
    out
}

/// The calls of the chain, from the root's down.
pub fn calls_along<'p>(
    project: &'p Project,
    chain: &[String],
) -> Option<Vec<&'p crate::model::ModuleCall>> {
    let mut module = 0;
    let mut out = Vec::new();
    for name in chain {
        let call = project.modules[module]
            .calls
            .iter()
            .find(|c| &c.name == name)?;
        out.push(call);
        match call.source {
            crate::model::ModuleSource::Local(id) => module = id,
            _ => return None,
        }
    }
    Some(out)
}
