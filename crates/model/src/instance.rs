//! Module instances: the root module with its variable values, and each
//! module call expanded by `count` / `for_each` with its inputs flowing into
//! the child's variables. Built lazily (so declaration order does not matter
//! and reference cycles end as `Unknown`), then frozen for parallel reads.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use crate::ast::Span as _;

use crate::diag::Diagnostic;
use crate::eval::{Env, Evaluator, Scope};
use crate::model::{ModuleId, ModuleSource, ResourceMode};
use crate::tfvars::{collect_strings, LiteralEnv, VarOrigin};
use crate::value::Value;
use crate::Project;

pub type InstanceId = usize;

/// Whether something is created: known from `count`/`for_each`, or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Presence {
    Yes,
    /// Depends on a value only apply knows.
    Maybe,
    No,
}

impl Presence {
    pub fn and(self, other: Presence) -> Presence {
        self.max(other)
    }
}

#[derive(Debug, Clone)]
pub struct VarBinding {
    pub value: Value,
    pub origin: VarOrigin,
}

/// One instance of a module with everything its expressions can see.
#[derive(Debug)]
pub struct Instance {
    pub id: InstanceId,
    pub module: ModuleId,
    /// `None` for the root; else the parent instance and the call's index in
    /// the parent module's `calls`.
    pub parent: Option<(InstanceId, usize)>,
    /// `module.vpc`, `module.route53[0]`, `module.app["web"].module.db`; `""` for root.
    pub address: String,
    /// `count.index` or `each.key` of this instance in its call.
    pub key: Option<Value>,
    pub each_value: Option<Value>,
    pub presence: Presence,
    pub vars: BTreeMap<String, VarBinding>,
    pub locals: BTreeMap<String, Value>,
    pub outputs: BTreeMap<String, Value>,
    /// For each call index of the module, the instances it creates.
    pub children: BTreeMap<usize, Vec<InstanceId>>,
}

enum Slot<T> {
    Busy,
    Done(T),
}

struct State {
    module: ModuleId,
    parent: Option<(InstanceId, usize)>,
    address: String,
    key: Option<Value>,
    each_value: Option<Value>,
    presence: Presence,
    ancestors: Vec<ModuleId>,
    vars: RefCell<HashMap<String, Slot<VarBinding>>>,
    locals: RefCell<HashMap<String, Slot<Value>>>,
    outputs: RefCell<HashMap<String, Slot<Value>>>,
    children: RefCell<HashMap<usize, Slot<Vec<InstanceId>>>>,
}

pub(crate) struct Builder<'p> {
    project: &'p Project,
    states: RefCell<Vec<Rc<State>>>,
    pub diagnostics: RefCell<Vec<Diagnostic>>,
}

struct BuildEnv<'b, 'p> {
    b: &'b Builder<'p>,
    id: InstanceId,
}

impl<'p> Builder<'p> {
    pub fn new(project: &'p Project) -> Self {
        let root = State {
            module: 0,
            parent: None,
            address: String::new(),
            key: None,
            each_value: None,
            presence: Presence::Yes,
            ancestors: vec![0],
            vars: RefCell::default(),
            locals: RefCell::default(),
            outputs: RefCell::default(),
            children: RefCell::default(),
        };
        Builder {
            project,
            states: RefCell::new(vec![Rc::new(root)]),
            diagnostics: RefCell::default(),
        }
    }

    fn state(&self, id: InstanceId) -> Rc<State> {
        self.states.borrow()[id].clone()
    }

    fn var(&self, id: InstanceId, name: &str) -> Option<VarBinding> {
        let st = self.state(id);
        match st.vars.borrow().get(name) {
            Some(Slot::Done(v)) => return Some(v.clone()),
            Some(Slot::Busy) => {
                return Some(VarBinding {
                    value: Value::Unknown,
                    origin: VarOrigin::Unset,
                })
            }
            None => {}
        }
        let module = &self.project.modules[st.module];
        let decl = module.variables.get(name)?;
        st.vars.borrow_mut().insert(name.to_string(), Slot::Busy);
        let file = &self.project.files[decl.file];
        let default = || {
            decl.default.as_ref().map(|d| VarBinding {
                value: Evaluator::new(&LiteralEnv).eval(d),
                origin: VarOrigin::Default(
                    file.location(&d.span().unwrap_or(decl.span.range.clone())),
                ),
            })
        };
        let binding = match st.parent {
            None => self
                .project
                .tfvars
                .iter()
                .rev()
                .find(|a| a.name == name)
                .map(|a| VarBinding {
                    value: a.value.clone(),
                    origin: a.origin.clone(),
                })
                .or_else(default),
            Some((parent, call_idx)) => {
                let pst = self.state(parent);
                let call = &self.project.modules[pst.module].calls[call_idx];
                match call.block.body.get_attribute(name) {
                    Some(attr) => {
                        let env = BuildEnv {
                            b: self,
                            id: parent,
                        };
                        // The parent's scope plus this instance's `count.index` / `each`.
                        let scope = match &st.key {
                            Some(k) => Scope::instance(
                                k.clone(),
                                st.each_value.clone().unwrap_or(Value::Unknown),
                            ),
                            None => Scope::default(),
                        };
                        let mut ev = Evaluator::new(&env);
                        ev.outer = Some(&scope);
                        let value = ev.eval(&attr.value);
                        let cfile = &self.project.files[call.file];
                        let location =
                            cfile.location(&attr.span().unwrap_or(call.span.range.clone()));
                        let upstream = plain_var_ref(&attr.value)
                            .and_then(|v| self.var(parent, v))
                            .map(|b| Box::new(b.origin));
                        Some(VarBinding {
                            value,
                            origin: VarOrigin::ModuleInput { location, upstream },
                        })
                    }
                    None => default(),
                }
            }
        }
        .unwrap_or(VarBinding {
            value: Value::Unknown,
            origin: VarOrigin::Unset,
        });
        let binding = if decl.sensitive {
            let mut secrets = Vec::new();
            collect_strings(&binding.value, &mut secrets);
            VarBinding {
                value: binding.value.sensitive(),
                ..binding
            }
        } else {
            binding
        };
        st.vars
            .borrow_mut()
            .insert(name.to_string(), Slot::Done(binding.clone()));
        Some(binding)
    }

    fn local(&self, id: InstanceId, name: &str) -> Option<Value> {
        let st = self.state(id);
        match st.locals.borrow().get(name) {
            Some(Slot::Done(v)) => return Some(v.clone()),
            Some(Slot::Busy) => return Some(Value::Unknown),
            None => {}
        }
        let local = self.project.modules[st.module].locals.get(name)?;
        st.locals.borrow_mut().insert(name.to_string(), Slot::Busy);
        let env = BuildEnv { b: self, id };
        let v = Evaluator::new(&env).eval(&local.expr);
        st.locals
            .borrow_mut()
            .insert(name.to_string(), Slot::Done(v.clone()));
        Some(v)
    }

    fn output(&self, id: InstanceId, name: &str) -> Value {
        let st = self.state(id);
        match st.outputs.borrow().get(name) {
            Some(Slot::Done(v)) => return v.clone(),
            Some(Slot::Busy) => return Value::Unknown,
            None => {}
        }
        let Some(out) = self.project.modules[st.module].outputs.get(name) else {
            return Value::Unknown;
        };
        st.outputs.borrow_mut().insert(name.to_string(), Slot::Busy);
        let env = BuildEnv { b: self, id };
        let mut v = out
            .block
            .body
            .get_attribute("value")
            .map_or(Value::Unknown, |a| Evaluator::new(&env).eval(&a.value));
        if out
            .block
            .body
            .get_attribute("sensitive")
            .and_then(|a| a.value.as_bool())
            == Some(true)
        {
            v = v.sensitive();
        }
        st.outputs
            .borrow_mut()
            .insert(name.to_string(), Slot::Done(v.clone()));
        v
    }

    /// The instances a call creates, expanding `count` / `for_each`.
    fn children(&self, id: InstanceId, call_idx: usize) -> Vec<InstanceId> {
        let st = self.state(id);
        match st.children.borrow().get(&call_idx) {
            Some(Slot::Done(v)) => return v.clone(),
            Some(Slot::Busy) => return Vec::new(),
            None => {}
        }
        st.children.borrow_mut().insert(call_idx, Slot::Busy);
        let call = &self.project.modules[st.module].calls[call_idx];
        let mut made = Vec::new();
        if let ModuleSource::Local(child_module) = call.source {
            if st.ancestors.contains(&child_module) {
                let file = &self.project.files[call.file];
                self.diagnostics.borrow_mut().push(Diagnostic::error(
                    "module-cycle",
                    file.location(&call.span.range),
                    format!("module \"{}\" calls a module that is already its caller (a cycle); not expanded", call.name),
                ));
            } else {
                let env = BuildEnv { b: self, id };
                let expansion = expand(
                    &Evaluator::new(&env),
                    &call.block.body,
                    self.project.limits.max_expansion,
                );
                let base = if st.address.is_empty() {
                    format!("module.{}", call.name)
                } else {
                    format!("{}.module.{}", st.address, call.name)
                };
                for (key, each_value, presence) in expansion {
                    let address = match &key {
                        Some(Value::Number(n)) => format!("{base}[{}]", *n as i64),
                        Some(Value::String(s)) => format!("{base}[{s:?}]"),
                        Some(_) => format!("{base}[?]"),
                        None => base.clone(),
                    };
                    let mut ancestors = st.ancestors.clone();
                    ancestors.push(child_module);
                    let child = State {
                        module: child_module,
                        parent: Some((id, call_idx)),
                        address,
                        key,
                        each_value,
                        presence: st.presence.and(presence),
                        ancestors,
                        vars: RefCell::default(),
                        locals: RefCell::default(),
                        outputs: RefCell::default(),
                        children: RefCell::default(),
                    };
                    let mut states = self.states.borrow_mut();
                    made.push(states.len());
                    states.push(Rc::new(child));
                }
            }
        }
        st.children
            .borrow_mut()
            .insert(call_idx, Slot::Done(made.clone()));
        made
    }

    /// Evaluates everything and freezes the instances.
    pub fn finish(self) -> (Vec<Instance>, Vec<Diagnostic>) {
        let mut i = 0;
        while i < self.states.borrow().len() {
            let st = self.state(i);
            let module = &self.project.modules[st.module];
            for name in module.variables.keys() {
                self.var(i, name);
            }
            for name in module.locals.keys() {
                self.local(i, name);
            }
            for name in module.outputs.keys() {
                self.output(i, name);
            }
            for c in 0..module.calls.len() {
                self.children(i, c);
            }
            i += 1;
        }
        let states = self.states.into_inner();
        let done = |m: &RefCell<HashMap<String, Slot<Value>>>| -> BTreeMap<String, Value> {
            m.borrow()
                .iter()
                .filter_map(|(k, v)| match v {
                    Slot::Done(v) => Some((k.clone(), v.clone())),
                    Slot::Busy => None,
                })
                .collect()
        };
        let instances = states
            .iter()
            .enumerate()
            .map(|(id, st)| Instance {
                id,
                module: st.module,
                parent: st.parent,
                address: st.address.clone(),
                key: st.key.clone(),
                each_value: st.each_value.clone(),
                presence: st.presence,
                vars: st
                    .vars
                    .borrow()
                    .iter()
                    .filter_map(|(k, v)| match v {
                        Slot::Done(v) => Some((k.clone(), v.clone())),
                        Slot::Busy => None,
                    })
                    .collect(),
                locals: done(&st.locals),
                outputs: done(&st.outputs),
                children: st
                    .children
                    .borrow()
                    .iter()
                    .filter_map(|(k, v)| match v {
                        Slot::Done(v) => Some((*k, v.clone())),
                        Slot::Busy => None,
                    })
                    .collect(),
            })
            .collect();
        (instances, self.diagnostics.into_inner())
    }
}

/// `var.NAME` alone (or in a one-element list): the name.
pub fn plain_var_ref(expr: &crate::ast::Expression) -> Option<&str> {
    use crate::ast::{Expression, TraversalOperator};
    match expr {
        Expression::Traversal(t) => match (&t.expr, &*t.operators) {
            (Expression::Variable(v), [op]) if v.as_str() == "var" => match op.value() {
                TraversalOperator::GetAttr(a) => Some(a.as_str()),
                _ => None,
            },
            _ => None,
        },
        Expression::Array(a) if a.len() == 1 => a.iter().next().and_then(plain_var_ref),
        Expression::Parenthesis(p) => plain_var_ref(p.inner()),
        _ => None,
    }
}

/// The instances `count` / `for_each` make: (key, each.value, presence).
/// No meta-argument: one instance without a key. Unknown: one instance that
/// may or may not exist.
pub fn expand(
    ev: &Evaluator<'_>,
    body: &crate::ast::Body,
    max: usize,
) -> Vec<(Option<Value>, Option<Value>, Presence)> {
    if let Some(count) = body.get_attribute("count") {
        return match ev.eval(&count.value).as_f64() {
            Some(n) if n >= 0.0 && (n as usize) <= max => (0..n as usize)
                .map(|i| (Some(Value::Number(i as f64)), None, Presence::Yes))
                .collect(),
            _ => vec![(Some(Value::Unknown), None, Presence::Maybe)],
        };
    }
    if let Some(fe) = body.get_attribute("for_each") {
        return match ev.eval(&fe.value).unmark_owned().0 {
            Value::Map(m) if m.len() <= max && m.values().all(|v| !v.is_unknown()) => m
                .into_iter()
                .map(|(k, v)| (Some(Value::String(k)), Some(v), Presence::Yes))
                .collect(),
            Value::List(items)
                if items.len() <= max && items.iter().all(|v| v.as_string().is_some()) =>
            {
                items
                    .into_iter()
                    .map(|v| {
                        (
                            Some(Value::String(v.as_string().unwrap_or_default())),
                            Some(v),
                            Presence::Yes,
                        )
                    })
                    .collect()
            }
            _ => vec![(Some(Value::Unknown), Some(Value::Unknown), Presence::Maybe)],
        };
    }
    vec![(None, None, Presence::Yes)]
}

impl Env for BuildEnv<'_, '_> {
    fn var(&self, name: &str) -> Option<Value> {
        self.b.var(self.id, name).map(|b| b.value)
    }
    fn local(&self, name: &str) -> Option<Value> {
        self.b.local(self.id, name)
    }
    fn module_output(&self, call: &str, key: Option<&Value>, output: &str) -> Value {
        let st = self.b.state(self.id);
        let module = &self.b.project.modules[st.module];
        let Some(idx) = module.calls.iter().position(|c| c.name == call) else {
            return Value::Unknown;
        };
        let children = self.b.children(self.id, idx);
        pick_child(&children, key, |c| self.b.state(c).key.clone())
            .map_or(Value::Unknown, |c| self.b.output(c, output))
    }
    fn resource_attr(
        &self,
        mode: ResourceMode,
        ty: &str,
        name: &str,
        key: Option<&Value>,
        attr: &str,
    ) -> Value {
        let st = self.b.state(self.id);
        resource_attr(self, self.b.project, st.module, mode, ty, name, key, attr)
    }
    fn read_file(&self, path: &str) -> Option<String> {
        read_module_file(self.b.project, self.b.state(self.id).module, path)
    }
    fn path(&self, which: &str) -> Value {
        path_value(self.b.project, self.b.state(self.id).module, which)
    }
}

/// The child instance a `module.X[key]` reference means.
pub(crate) fn pick_child(
    children: &[InstanceId],
    key: Option<&Value>,
    key_of: impl Fn(InstanceId) -> Option<Value>,
) -> Option<InstanceId> {
    match key {
        None => children.first().copied().filter(|_| children.len() == 1),
        Some(k) => children.iter().copied().find(|&c| match key_of(c) {
            Some(ck) => crate::value::values_equal(&ck, k),
            None => false,
        }),
    }
}

/// A resource attribute as configured: evaluated when set, `Unknown` when it
/// is computed by the provider.
#[allow(clippy::too_many_arguments)]
pub(crate) fn resource_attr(
    env: &dyn Env,
    project: &Project,
    module: ModuleId,
    mode: ResourceMode,
    ty: &str,
    name: &str,
    key: Option<&Value>,
    attr: &str,
) -> Value {
    if mode == ResourceMode::Data {
        return Value::Unknown;
    }
    let Some(res) = project.modules[module].resource(mode, ty, name) else {
        return Value::Unknown;
    };
    let Some(a) = res.attr(attr) else {
        return Value::Unknown;
    };
    let mut ev = Evaluator::new(env);
    let k = key.cloned().unwrap_or(Value::Unknown);
    ev = ev.with(
        "count",
        Value::Map(BTreeMap::from([("index".to_string(), k.clone())])),
    );
    ev = ev.with(
        "each",
        Value::Map(BTreeMap::from([
            ("key".to_string(), k),
            ("value".to_string(), Value::Unknown),
        ])),
    );
    ev.eval(&a.value)
}

pub(crate) fn read_module_file(project: &Project, module: ModuleId, path: &str) -> Option<String> {
    // Terraform resolves relative paths against the working directory (the
    // root module), which is why code writes `${path.module}/...`.
    let _ = module;
    let p = project.root.join(path);
    let canon = p.canonicalize().ok()?;
    // Never read outside the project: user data is the common case.
    if !canon.starts_with(&project.root) {
        return None;
    }
    crate::load::read_text(&canon, &project.limits).ok()
}

pub(crate) fn path_value(project: &Project, module: ModuleId, which: &str) -> Value {
    match which {
        "module" => {
            let dir = &project.modules[module].dir;
            Value::string(if dir.is_empty() {
                ".".to_string()
            } else {
                dir.clone()
            })
        }
        "root" | "cwd" => Value::string("."),
        _ => Value::Unknown,
    }
}
