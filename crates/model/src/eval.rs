//! Expression evaluation. Literals, references, conditionals, operators,
//! templates, `for` expressions and the common functions; anything that
//! depends on what only apply knows is `Unknown`.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::BTreeMap;

use crate::ast::{BinaryOperator, Expression, ObjectKey, TraversalOperator, UnaryOperator};
use crate::ast::{Directive, Element, Template};

use crate::model::ResourceMode;
use crate::value::{mark, values_equal, Value};

/// What an expression can refer to. Implemented while building module
/// instances (lazily, with cycle detection) and on the finished instances.
/// What an implementation does not know is undeclared or `Unknown`: that
/// is what each method does unless overridden.
pub trait Env {
    /// `var.NAME`; `None` when the variable is not declared.
    fn var(&self, _name: &str) -> Option<Value> {
        None
    }
    /// `local.NAME`; `None` when not declared.
    fn local(&self, _name: &str) -> Option<Value> {
        None
    }
    /// `module.CALL[key].OUTPUT`.
    fn module_output(&self, _call: &str, _key: Option<&Value>, _output: &str) -> Value {
        Value::Unknown
    }
    /// `TYPE.NAME[key].ATTR` / `data.TYPE.NAME.ATTR`: the configured value
    /// when it is set and known, else `Unknown`.
    fn resource_attr(
        &self,
        _mode: ResourceMode,
        _ty: &str,
        _name: &str,
        _key: Option<&Value>,
        _attr: &str,
    ) -> Value {
        Value::Unknown
    }
    /// Reads a file relative to the module directory (`file`, `templatefile`).
    fn read_file(&self, _path: &str) -> Option<String> {
        None
    }
    /// `path.module` / `path.root` as Terraform would show them.
    fn path(&self, _which: &str) -> Value {
        Value::Unknown
    }
}

thread_local! {
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// Deep enough for real code, shallow enough that reference cycles and
/// hostile nesting end quickly.
const MAX_DEPTH: u32 = 96;

/// Names bound around a block (`count`, `each`, `dynamic` iterators), the
/// innermost last: a child scope points at its parent instead of copying
/// it, so a `dynamic` block over a `for_each` resource does not copy
/// `each.value` once per generated block. Their fields are bound flat
/// (`count.index`, `each.key`, `each.value`, `ITERATOR.value`) rather than
/// as maps, which would cost a B-tree node per resource instance.
#[derive(Debug, Default)]
pub struct Scope {
    pub parent: Option<std::sync::Arc<Scope>>,
    /// Names are mostly fixed (`count.index`, `each.value`): not allocated.
    pub vars: Vec<(Cow<'static, str>, Value)>,
}

impl Scope {
    /// One resource or module instance: `count.index` and `each.key` are
    /// its key, `each.value` its `for_each` value.
    pub fn instance(key: Value, each_value: Value) -> Scope {
        Scope::from(vec![
            ("count.index".into(), key.clone()),
            ("each.key".into(), key),
            ("each.value".into(), each_value),
        ])
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.find(|n| n == name)
    }

    /// The binding named `root.field`, compared without building the name.
    pub fn get_dotted(&self, root: &str, field: &str) -> Option<&Value> {
        self.find(|n| {
            n.len() == root.len() + 1 + field.len()
                && n.starts_with(root)
                && n.ends_with(field)
                && n.as_bytes()[root.len()] == b'.'
        })
    }

    /// The innermost binding whose name matches.
    fn find(&self, matches: impl Fn(&str) -> bool) -> Option<&Value> {
        std::iter::successors(Some(self), |s| s.parent.as_deref()).find_map(|s| {
            s.vars
                .iter()
                .rev()
                .find(|(n, _)| matches(n))
                .map(|(_, v)| v)
        })
    }
}

impl From<Vec<(Cow<'static, str>, Value)>> for Scope {
    fn from(vars: Vec<(Cow<'static, str>, Value)>) -> Scope {
        Scope { parent: None, vars }
    }
}

/// Evaluates expressions in an environment plus lexical bindings (`count`,
/// `each`, `for` variables, `dynamic` iterators, `self`).
#[derive(Clone)]
pub struct Evaluator<'a> {
    pub env: &'a dyn Env,
    /// Bindings of the block being evaluated (`count`, `each`, `dynamic`
    /// iterators), borrowed: evaluating an attribute must not copy them.
    pub outer: Option<&'a Scope>,
    /// Bindings introduced while evaluating (`for` variables); shadow `outer`.
    pub bindings: Vec<(String, Value)>,
}

impl<'a> Evaluator<'a> {
    pub fn new(env: &'a dyn Env) -> Self {
        Evaluator {
            env,
            outer: None,
            bindings: Vec::new(),
        }
    }

    pub fn with(mut self, name: &str, value: Value) -> Self {
        self.bindings.push((name.to_string(), value));
        self
    }

    fn binding(&self, name: &str) -> Option<&Value> {
        self.bindings
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
            .or_else(|| self.outer?.get(name))
    }

    pub fn eval(&self, expr: &Expression) -> Value {
        let depth = DEPTH.with(|d| {
            let v = d.get() + 1;
            d.set(v);
            v
        });
        let out = if depth > MAX_DEPTH {
            Value::Unknown
        } else {
            self.eval_inner(expr)
        };
        DEPTH.with(|d| d.set(d.get() - 1));
        out
    }

    fn eval_inner(&self, expr: &Expression) -> Value {
        match expr {
            Expression::Null(_) => Value::Null,
            Expression::Bool(b) => Value::Bool(*b.value()),
            Expression::Number(n) => Value::Number(n.value().as_f64().unwrap_or(0.0)),
            Expression::String(s) => Value::String(s.as_str().to_string()),
            Expression::Array(a) => Value::List(a.iter().map(|e| self.eval(e)).collect()),
            Expression::Object(o) => {
                let mut map = BTreeMap::new();
                for (k, v) in o.iter() {
                    let key = match k {
                        ObjectKey::Ident(i) => i.as_str().to_string(),
                        ObjectKey::Expression(e) => {
                            // `(var.x) = ...` is evaluated; a bare traversal
                            // like `foo.bar` as a key is literal in HCL only
                            // when it is an identifier, handled above.
                            match self.eval(e).as_string() {
                                Some(s) => s,
                                None => return Value::Unknown,
                            }
                        }
                    };
                    map.insert(key, self.eval(v.expr()));
                }
                Value::Map(map)
            }
            Expression::StringTemplate(t) => self.template(t),
            Expression::HeredocTemplate(h) => self.template(&h.template),
            Expression::Parenthesis(p) => self.eval(p.inner()),
            Expression::Variable(v) => self.variable(v.as_str()),
            Expression::Conditional(c) => {
                let (cond, sensitive) = self.eval(&c.cond_expr).unmark_owned();
                match cond.as_bool() {
                    Some(true) => mark(self.eval(&c.true_expr), sensitive),
                    Some(false) => mark(self.eval(&c.false_expr), sensitive),
                    None => Value::Unknown,
                }
            }
            Expression::FuncCall(f) => {
                let name = f.name.name.as_str();
                let ns: Vec<&str> = f.name.namespace.iter().map(|n| n.as_str()).collect();
                if !ns.is_empty() && ns != ["core"] {
                    return Value::Unknown; // provider functions
                }
                self.call(name, f.args.iter().collect(), f.args.expand_final())
            }
            Expression::Traversal(t) => self.traversal(&t.expr, &t.operators),
            Expression::UnaryOp(u) => {
                let (v, s) = self.eval(&u.expr).unmark_owned();
                let out = match u.operator.value() {
                    UnaryOperator::Neg => v.as_f64().map_or(Value::Unknown, |n| Value::Number(-n)),
                    UnaryOperator::Not => v.as_bool().map_or(Value::Unknown, |b| Value::Bool(!b)),
                };
                mark(out, s)
            }
            Expression::BinaryOp(b) => self.binary(b.operator.value(), &b.lhs_expr, &b.rhs_expr),
            Expression::ForExpr(f) => self.for_expr(f),
        }
    }

    /// A bare name: a lexical binding (`for` variable, iterator), else
    /// unknown (whole-object references like `var` alone are rare).
    fn variable(&self, name: &str) -> Value {
        self.binding(name).cloned().unwrap_or(Value::Unknown)
    }

    fn traversal(
        &self,
        root: &Expression,
        ops: &[crate::ast::Decorated<TraversalOperator>],
    ) -> Value {
        let attr = |i: usize| match ops.get(i).map(|o| o.value()) {
            Some(TraversalOperator::GetAttr(a)) => Some(a.as_str()),
            _ => None,
        };
        let index = |i: usize| match ops.get(i).map(|o| o.value()) {
            Some(TraversalOperator::Index(e)) => Some(self.eval(e)),
            Some(TraversalOperator::LegacyIndex(n)) => Some(Value::Number(*n.value() as f64)),
            _ => None,
        };
        if let Expression::Variable(v) = root {
            let name = v.as_str();
            if self.binding(name).is_none() {
                // `count.index`, `each.value`, `ITERATOR.key`...: views bind
                // these flat (see [`Scope`]).
                if let Some(v) = attr(0).and_then(|f| self.outer?.get_dotted(name, f)) {
                    return self.apply_ops(v.clone(), &ops[1..]);
                }
                let (base, used) = match name {
                    "var" => match attr(0) {
                        Some(n) => (self.env.var(n).unwrap_or(Value::Unknown), 1),
                        None => (Value::Unknown, 0),
                    },
                    "local" => match attr(0) {
                        Some(n) => (self.env.local(n).unwrap_or(Value::Unknown), 1),
                        None => (Value::Unknown, 0),
                    },
                    "path" => match attr(0) {
                        Some(n) => (self.env.path(n), 1),
                        None => (Value::Unknown, 0),
                    },
                    "terraform" => match attr(0) {
                        Some("workspace") => (Value::string("default"), 1),
                        _ => (Value::Unknown, 1),
                    },
                    "module" => match attr(0) {
                        Some(call) => match (index(1), attr(1), attr(2)) {
                            (None, Some(out), _) => (self.env.module_output(call, None, out), 2),
                            (Some(k), _, Some(out)) => {
                                (self.env.module_output(call, Some(&k), out), 3)
                            }
                            _ => (Value::Unknown, ops.len()),
                        },
                        None => (Value::Unknown, 0),
                    },
                    "data" => match (attr(0), attr(1)) {
                        (Some(ty), Some(rn)) => {
                            self.resource_ref(ResourceMode::Data, ty, rn, ops, 2)
                        }
                        _ => (Value::Unknown, ops.len()),
                    },
                    "count" | "each" | "self" => (Value::Unknown, ops.len()),
                    ty => match attr(0) {
                        Some(rn) => self.resource_ref(ResourceMode::Managed, ty, rn, ops, 1),
                        None => (Value::Unknown, 0),
                    },
                };
                return self.apply_ops(base, &ops[used.min(ops.len())..]);
            }
        }
        let base = self.eval(root);
        self.apply_ops(base, ops)
    }

    /// `TYPE.NAME[key].ATTR...`: returns the value and how many operators it used.
    fn resource_ref(
        &self,
        mode: ResourceMode,
        ty: &str,
        name: &str,
        ops: &[crate::ast::Decorated<TraversalOperator>],
        at: usize,
    ) -> (Value, usize) {
        let mut i = at;
        let key = match ops.get(i).map(|o| o.value()) {
            Some(TraversalOperator::Index(e)) => {
                i += 1;
                Some(self.eval(e))
            }
            Some(TraversalOperator::LegacyIndex(n)) => {
                i += 1;
                Some(Value::Number(*n.value() as f64))
            }
            _ => None,
        };
        match ops.get(i).map(|o| o.value()) {
            Some(TraversalOperator::GetAttr(a)) => (
                self.env
                    .resource_attr(mode, ty, name, key.as_ref(), a.as_str()),
                i + 1,
            ),
            _ => (Value::Unknown, ops.len()),
        }
    }

    fn apply_ops(&self, mut v: Value, ops: &[crate::ast::Decorated<TraversalOperator>]) -> Value {
        for (i, op) in ops.iter().enumerate() {
            let (inner, s) = v.unmark_owned();
            v = match op.value() {
                TraversalOperator::GetAttr(a) => match inner {
                    Value::Map(m) => m.get(a.as_str()).cloned().unwrap_or(Value::Unknown),
                    _ => Value::Unknown,
                },
                TraversalOperator::Index(e) => index_value(&inner, &self.eval(e)),
                TraversalOperator::LegacyIndex(n) => {
                    index_value(&inner, &Value::Number(*n.value() as f64))
                }
                TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                    let rest = &ops[i + 1..];
                    return mark(
                        match inner {
                            Value::List(items) => Value::List(
                                items.into_iter().map(|x| self.apply_ops(x, rest)).collect(),
                            ),
                            Value::Null => Value::List(Vec::new()),
                            Value::Unknown => Value::Unknown,
                            other => Value::List(vec![self.apply_ops(other, rest)]),
                        },
                        s,
                    );
                }
            };
            v = mark(v, s);
        }
        v
    }

    fn binary(&self, op: &BinaryOperator, l: &Expression, r: &Expression) -> Value {
        // && and || short-circuit on a known side, so `unknown || true` is true.
        if matches!(op, BinaryOperator::And | BinaryOperator::Or) {
            let a = self.eval(l).as_bool();
            let short = matches!(op, BinaryOperator::Or);
            if a == Some(short) {
                return Value::Bool(short);
            }
            let b = self.eval(r).as_bool();
            return match (a, b) {
                (_, Some(x)) if x == short => Value::Bool(short),
                (Some(_), Some(x)) => Value::Bool(x),
                _ => Value::Unknown,
            };
        }
        let (a, sa) = self.eval(l).unmark_owned();
        let (b, sb) = self.eval(r).unmark_owned();
        let s = sa || sb;
        if a.is_unknown() || b.is_unknown() {
            return Value::Unknown;
        }
        let out = match op {
            BinaryOperator::Eq => Value::Bool(values_equal(&a, &b)),
            BinaryOperator::NotEq => Value::Bool(!values_equal(&a, &b)),
            _ => {
                let (Some(x), Some(y)) = (a.as_f64(), b.as_f64()) else {
                    return Value::Unknown;
                };
                match op {
                    BinaryOperator::LessEq => Value::Bool(x <= y),
                    BinaryOperator::GreaterEq => Value::Bool(x >= y),
                    BinaryOperator::Less => Value::Bool(x < y),
                    BinaryOperator::Greater => Value::Bool(x > y),
                    BinaryOperator::Plus => Value::Number(x + y),
                    BinaryOperator::Minus => Value::Number(x - y),
                    BinaryOperator::Mul => Value::Number(x * y),
                    BinaryOperator::Div if y != 0.0 => Value::Number(x / y),
                    BinaryOperator::Mod if y != 0.0 => Value::Number(x % y),
                    _ => Value::Unknown,
                }
            }
        };
        mark(out, s)
    }

    fn for_expr(&self, f: &crate::ast::ForExpr) -> Value {
        let (coll, s) = self.eval(&f.intro.collection_expr).unmark_owned();
        let pairs: Vec<(Value, Value)> = match coll {
            Value::List(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| (Value::Number(i as f64), v))
                .collect(),
            Value::Map(m) => m.into_iter().map(|(k, v)| (Value::String(k), v)).collect(),
            _ => return Value::Unknown,
        };
        let key_var = f.intro.key_var.as_ref().map(|k| k.as_str().to_string());
        let value_var = f.intro.value_var.as_str().to_string();
        let mut list = Vec::new();
        let mut map: BTreeMap<String, Value> = BTreeMap::new();
        for (k, v) in pairs {
            let mut inner = self.clone();
            if let Some(kv) = &key_var {
                inner.bindings.push((kv.clone(), k));
            }
            inner.bindings.push((value_var.clone(), v));
            if let Some(cond) = &f.cond {
                match inner.eval(&cond.expr).as_bool() {
                    Some(true) => {}
                    Some(false) => continue,
                    None => return Value::Unknown,
                }
            }
            let value = inner.eval(&f.value_expr);
            match &f.key_expr {
                Some(ke) => {
                    let Some(key) = inner.eval(ke).as_string() else {
                        return Value::Unknown;
                    };
                    if f.grouping {
                        match map.entry(key).or_insert_with(|| Value::List(Vec::new())) {
                            Value::List(l) => l.push(value),
                            _ => unreachable!("grouping entries are lists"),
                        }
                    } else {
                        map.insert(key, value);
                    }
                }
                None => list.push(value),
            }
        }
        let out = if f.key_expr.is_some() {
            Value::Map(map)
        } else {
            Value::List(list)
        };
        mark(out, s)
    }

    /// Renders a template; any unknown part makes the whole string unknown.
    pub fn template(&self, t: &Template) -> Value {
        let mut out = String::new();
        let mut sensitive = false;
        if !self.render(t, &mut out, &mut sensitive) {
            return Value::Unknown;
        }
        mark(Value::String(out), sensitive)
    }

    fn render(&self, t: &Template, out: &mut String, sensitive: &mut bool) -> bool {
        for el in t.iter() {
            match el {
                Element::Literal(s) => out.push_str(s.value()),
                Element::Interpolation(i) => {
                    let (v, s) = self.eval(&i.expr).unmark_owned();
                    *sensitive |= s;
                    match v.as_string() {
                        Some(text) => out.push_str(&text),
                        None if v.is_null() => {}
                        None => return false,
                    }
                }
                Element::Directive(d) => match &**d {
                    Directive::If(ifd) => match self.eval(&ifd.if_expr.cond_expr).as_bool() {
                        Some(true) => {
                            if !self.render(&ifd.if_expr.template, out, sensitive) {
                                return false;
                            }
                        }
                        Some(false) => {
                            if let Some(e) = &ifd.else_expr {
                                if !self.render(&e.template, out, sensitive) {
                                    return false;
                                }
                            }
                        }
                        None => return false,
                    },
                    Directive::For(fd) => {
                        let fe = &fd.for_expr;
                        let pairs: Vec<(Value, Value)> =
                            match self.eval(&fe.collection_expr).unmark_owned().0 {
                                Value::List(items) => items
                                    .into_iter()
                                    .enumerate()
                                    .map(|(i, v)| (Value::Number(i as f64), v))
                                    .collect(),
                                Value::Map(m) => {
                                    m.into_iter().map(|(k, v)| (Value::String(k), v)).collect()
                                }
                                _ => return false,
                            };
                        for (k, v) in pairs {
                            let mut inner = self.clone();
                            if let Some(kv) = &fe.key_var {
                                inner.bindings.push((kv.as_str().to_string(), k));
                            }
                            inner.bindings.push((fe.value_var.as_str().to_string(), v));
                            if !inner.render(&fe.template, out, sensitive) {
                                return false;
                            }
                        }
                    }
                },
            }
        }
        true
    }
}

impl Value {
    /// Like [`Value::unmark`], by value.
    pub fn unmark_owned(self) -> (Value, bool) {
        match self {
            Value::Sensitive(inner) => (inner.unmark_owned().0, true),
            v => (v, false),
        }
    }
}

pub(crate) fn index_value(coll: &Value, key: &Value) -> Value {
    match coll.unmark().0 {
        Value::List(items) => key
            .as_f64()
            .and_then(|i| items.get(i as usize).cloned())
            .unwrap_or(Value::Unknown),
        Value::Map(m) => key
            .as_string()
            .and_then(|k| m.get(&k).cloned())
            .unwrap_or(Value::Unknown),
        _ => Value::Unknown,
    }
}

/// Function calls: the functions that look at errors rather than values
/// (`try`, `can`) and `templatefile`, which evaluates a template, are
/// handled here; every other one by [`crate::funcs`] on evaluated arguments.
impl Evaluator<'_> {
    fn call(&self, name: &str, args: Vec<&Expression>, expand_final: bool) -> Value {
        match name {
            "try" => {
                for a in &args {
                    let v = self.eval(a);
                    if !v.is_unknown() {
                        return v;
                    }
                }
                return Value::Unknown;
            }
            "can" => {
                return match args.first().map(|a| self.eval(a)) {
                    Some(v) if v.is_wholly_known() => Value::Bool(true),
                    _ => Value::Unknown,
                }
            }
            _ => {}
        }
        let mut values: Vec<Value> = args.iter().map(|a| self.eval(a)).collect();
        if expand_final {
            match values.pop().map(Value::unmark_owned) {
                Some((Value::List(rest), _)) => values.extend(rest),
                _ => return Value::Unknown,
            }
        }
        if name == "templatefile" {
            let sensitive = values.iter().any(Value::is_sensitive);
            return mark(self.templatefile(&values), sensitive);
        }
        crate::funcs::apply(name, values, &|path| self.env.read_file(path))
    }

    fn templatefile(&self, values: &[Value]) -> Value {
        let (Some(path), Some(vars)) = (values.first().and_then(Value::as_string), values.get(1))
        else {
            return Value::Unknown;
        };
        let Some(text) = self.env.read_file(&path) else {
            return Value::Unknown;
        };
        let Ok(template) = crate::ast::parse_template(&text) else {
            return Value::Unknown;
        };
        let mut inner = Evaluator::new(self.env);
        if let Some(m) = vars.as_map() {
            for (k, v) in m {
                inner.bindings.push((k.clone(), v.clone()));
            }
        }
        let out = inner.template(&template);
        mark(out, vars.is_sensitive())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Vars(BTreeMap<String, Value>);
    impl Env for Vars {
        fn var(&self, name: &str) -> Option<Value> {
            self.0.get(name).cloned()
        }
        fn path(&self, _: &str) -> Value {
            Value::string(".")
        }
    }

    fn eval(src: &str) -> Value {
        let env = Vars(BTreeMap::from([
            ("env".to_string(), Value::string("prod")),
            ("n".to_string(), Value::Number(2.0)),
            ("pw".to_string(), Value::string("s3cret").sensitive()),
            (
                "cidrs".to_string(),
                Value::List(vec![Value::string("0.0.0.0/0")]),
            ),
        ]));
        let expr = crate::ast::parse_expr(src).unwrap();
        Evaluator::new(&env).eval(&expr)
    }

    #[test]
    fn conditionals_comparisons_and_logic() {
        assert_eq!(eval(r#"var.env == "prod" ? 2 : 1"#), Value::Number(2.0));
        assert_eq!(eval(r#"var.env != "prod""#), Value::Bool(false));
        assert_eq!(eval("var.n >= 2 && !false"), Value::Bool(true));
        assert_eq!(
            eval("aws_instance.x.id == \"a\" || true"),
            Value::Bool(true)
        );
        assert_eq!(eval("aws_instance.x.id == \"a\" && true"), Value::Unknown);
        assert_eq!(eval("var.undeclared"), Value::Unknown);
    }

    #[test]
    fn templates_and_for_expressions() {
        assert_eq!(eval(r#""${var.env}-db""#), Value::string("prod-db"));
        assert_eq!(
            eval(r#""%{if var.env == "prod"}big%{else}small%{endif}""#),
            Value::string("big")
        );
        assert_eq!(
            eval(r#"[for c in var.cidrs : upper(c) if c != "x"]"#),
            Value::List(vec![Value::string("0.0.0.0/0")])
        );
        assert_eq!(
            eval(r#"{for i, c in ["a", "b"] : c => i}"#).to_string(),
            r#"{ a = 0, b = 1 }"#
        );
        assert_eq!(eval(r#""${aws_vpc.x.id}-a""#), Value::Unknown);
    }

    #[test]
    fn sensitivity_propagates() {
        let v = eval(r#""user:${var.pw}""#);
        assert!(v.is_sensitive());
        assert!(!v.to_string().contains("s3cret"));
        assert!(eval("[var.pw]").is_sensitive());
    }

    #[test]
    fn splats_and_indexes() {
        assert_eq!(
            eval(r#"[{a = 1}, {a = 2}][*].a"#),
            Value::List(vec![Value::Number(1.0), Value::Number(2.0)])
        );
        assert_eq!(eval("var.cidrs[0]"), Value::string("0.0.0.0/0"));
        assert_eq!(eval(r#"{x = "y"}["x"]"#), Value::string("y"));
    }

    #[test]
    fn flat_scope_bindings_and_their_shadowing() {
        let env = Vars(BTreeMap::new());
        let resource = std::sync::Arc::new(Scope::from(vec![
            ("each.key".into(), Value::string("a")),
            ("each.value".into(), Value::string("outer")),
        ]));
        let dynamic = Scope {
            parent: Some(resource),
            vars: vec![("rule.value".into(), Value::Number(1.0))],
        };
        let eval = |src: &str| {
            let mut ev = Evaluator::new(&env);
            ev.outer = Some(&dynamic);
            ev.eval(&crate::ast::parse_expr(src).unwrap())
        };
        assert_eq!(eval("each.value"), Value::string("outer"));
        assert_eq!(eval("rule.value"), Value::Number(1.0));
        assert_eq!(eval(r#""${each.key}-${rule.value}""#), Value::string("a-1"));
        // A `for` variable of the same name shadows the flat binding.
        assert_eq!(
            eval(r#"[for each in [{value = "inner"}] : each.value]"#),
            Value::List(vec![Value::string("inner")])
        );
        assert_eq!(eval("each.nothing"), Value::Unknown);
    }

    #[test]
    fn deep_nesting_ends_unknown_not_overflow() {
        let src = format!("{}1{}", "(".repeat(200), ")".repeat(200));
        let env = Vars(BTreeMap::new());
        // The parser itself is guarded by the loader's nesting limit; here
        // we only check the evaluator's own bound.
        if let Ok(expr) = crate::ast::parse_expr(&src) {
            assert_eq!(Evaluator::new(&env).eval(&expr), Value::Unknown);
        }
    }
}
