//! Read-only views for the passes after loading (rules, validate, cost):
//! a resource in a module instance, its attributes evaluated in that
//! instance's scope, and its nested blocks with `dynamic` blocks expanded.

use std::sync::Arc;

use crate::ast::Expression;
use crate::ast::Span as _;
use crate::ast::{Attribute, Block, Body};

use crate::eval::{Env, Evaluator, Scope};
use crate::instance::{
    expand, path_value, pick_child, plain_var_ref, read_module_file, resource_attr, Instance,
    Presence,
};
use crate::model::{Module, Resource, ResourceMode};
use crate::source::{FileId, Location};
use crate::value::Value;
use crate::Project;

/// The scope of one finished instance.
pub struct InstanceEnv<'p> {
    pub project: &'p Project,
    pub instance: &'p Instance,
}

impl Env for InstanceEnv<'_> {
    fn var(&self, name: &str) -> Option<Value> {
        self.instance.vars.get(name).map(|b| b.value.clone())
    }
    fn local(&self, name: &str) -> Option<Value> {
        self.instance.locals.get(name).cloned()
    }
    fn module_output(&self, call: &str, key: Option<&Value>, output: &str) -> Value {
        let module = &self.project.modules[self.instance.module];
        let Some(idx) = module.calls.iter().position(|c| c.name == call) else {
            return Value::Unknown;
        };
        let children = self
            .instance
            .children
            .get(&idx)
            .cloned()
            .unwrap_or_default();
        pick_child(&children, key, |c| self.project.instances[c].key.clone())
            .and_then(|c| self.project.instances[c].outputs.get(output).cloned())
            .unwrap_or(Value::Unknown)
    }
    fn resource_attr(
        &self,
        mode: ResourceMode,
        ty: &str,
        name: &str,
        key: Option<&Value>,
        attr: &str,
    ) -> Value {
        resource_attr(
            self,
            self.project,
            self.instance.module,
            mode,
            ty,
            name,
            key,
            attr,
        )
    }
    fn read_file(&self, path: &str) -> Option<String> {
        read_module_file(self.project, self.instance.module, path)
    }
    fn path(&self, which: &str) -> Value {
        path_value(self.project, self.instance.module, which)
    }
}

/// A resource (or data source) as declared in one module instance.
#[derive(Clone, Copy)]
pub struct ResourceRef<'p> {
    pub project: &'p Project,
    pub instance: &'p Instance,
    pub resource: &'p Resource,
}

impl<'p> ResourceRef<'p> {
    /// The resource's type under its canonical name (`aws_lb` for `aws_alb`).
    pub fn kind(&self) -> &'p str {
        crate::canonical_type(&self.resource.ty)
    }

    pub fn module(&self) -> &'p Module {
        &self.project.modules[self.instance.module]
    }

    pub fn env(&self) -> InstanceEnv<'p> {
        InstanceEnv {
            project: self.project,
            instance: self.instance,
        }
    }

    /// Full address: `module.vpc.aws_security_group.app_sg`.
    pub fn address(&self) -> String {
        self.resource.address_in(&self.instance.address)
    }

    pub fn location(&self) -> Location {
        self.project
            .location(self.resource.file, &self.resource.span.range)
    }

    /// Whether the resource exists: its own `count`/`for_each` and its
    /// module instance's.
    pub fn presence(&self) -> Presence {
        let env = self.env();
        let own = expand(
            &Evaluator::new(&env),
            &self.resource.block.body,
            self.project.limits.max_expansion,
        );
        let own = if own.is_empty() {
            Presence::No
        } else {
            own.iter()
                .map(|(_, _, p)| *p)
                .min()
                .unwrap_or(Presence::Yes)
        };
        self.instance.presence.and(own)
    }

    /// How many instances of the resource one module instance creates:
    /// `count`, the size of `for_each`, 1 without either; `None` when only
    /// apply knows.
    pub fn count(&self) -> Option<usize> {
        let env = self.env();
        let own = expand(
            &Evaluator::new(&env),
            &self.resource.block.body,
            self.project.limits.max_expansion,
        );
        if own.iter().any(|(_, _, p)| *p == Presence::Maybe) {
            None
        } else {
            Some(own.len())
        }
    }

    /// The resource's body once per instance `count` / `for_each` creates,
    /// with `count.index` / `each` bound; one body with them unknown when
    /// the expansion is not known.
    pub fn expanded(&self) -> Vec<BlockRef<'p>> {
        let env = self.env();
        let own = expand(
            &Evaluator::new(&env),
            &self.resource.block.body,
            self.project.limits.max_expansion,
        );
        own.into_iter()
            .map(|(key, value, _)| {
                let mut b = self.body();
                b.bindings = Arc::new(Scope::instance(
                    key.unwrap_or(Value::Unknown),
                    value.unwrap_or(Value::Unknown),
                ));
                b
            })
            .collect()
    }

    pub fn body(&self) -> BlockRef<'p> {
        BlockRef {
            res: *self,
            body: &self.resource.block.body,
            span: self.resource.span.range.clone(),
            bindings: self.meta_bindings(),
        }
    }

    /// `count.index` / `each` are unknown here: a check looks at the
    /// resource's configuration once, not at each instance.
    fn meta_bindings(&self) -> Bindings {
        // One shared copy: every view of every resource starts from it.
        static UNKNOWN: std::sync::LazyLock<Bindings> =
            std::sync::LazyLock::new(|| Arc::new(Scope::instance(Value::Unknown, Value::Unknown)));
        UNKNOWN.clone()
    }

    pub fn attr(&self, name: &str) -> Option<AttrRef<'p>> {
        self.body().attr(name)
    }

    /// The attribute's value; `None` when it is not set.
    pub fn eval(&self, name: &str) -> Option<Value> {
        self.body().eval(name)
    }

    pub fn blocks(&self, name: &str) -> Vec<BlockRef<'p>> {
        self.body().blocks(name)
    }
}

/// The names a block's expressions see besides the module's (`count`,
/// `each`, `dynamic` iterators): shared, since every attribute view of a
/// block carries them.
pub type Bindings = Arc<Scope>;

/// A block body with the bindings its expressions see (`dynamic` iterators).
#[derive(Clone)]
pub struct BlockRef<'p> {
    pub res: ResourceRef<'p>,
    pub body: &'p Body,
    pub span: std::ops::Range<usize>,
    pub bindings: Bindings,
}

impl<'p> BlockRef<'p> {
    pub fn file(&self) -> FileId {
        self.res.resource.file
    }

    pub fn location(&self) -> Location {
        self.res.project.location(self.file(), &self.span)
    }

    pub fn attr(&self, name: &str) -> Option<AttrRef<'p>> {
        self.body.get_attribute(name).map(|a| AttrRef {
            block: self.clone(),
            attr: a,
        })
    }

    pub fn eval(&self, name: &str) -> Option<Value> {
        self.attr(name).map(|a| a.value())
    }

    pub fn eval_expr(&self, expr: &Expression) -> Value {
        let env = self.res.env();
        let mut ev = Evaluator::new(&env);
        ev.outer = Some(&self.bindings);
        ev.eval(expr)
    }

    /// Nested blocks of a type, static ones and those a `dynamic` block
    /// generates over a known collection. A `dynamic` block over an unknown
    /// collection yields one block whose iterator is unknown.
    pub fn blocks(&self, name: &str) -> Vec<BlockRef<'p>> {
        let mut out: Vec<BlockRef<'p>> = self
            .body
            .blocks()
            .filter(|b| b.ident.as_str() == name)
            .map(|b| self.child(b, Vec::new()))
            .collect();
        for d in self.body.blocks().filter(|b| b.ident.as_str() == "dynamic") {
            if d.labels.first().map(|l| l.as_str()) != Some(name) {
                continue;
            }
            let Some(content) = d.body.get_blocks("content").next() else {
                continue;
            };
            let iterator = d
                .body
                .get_attribute("iterator")
                .and_then(|a| a.value.as_variable().map(|v| v.as_str().to_string()))
                .unwrap_or_else(|| name.to_string());
            let coll = d
                .body
                .get_attribute("for_each")
                .map_or(Value::Unknown, |a| self.eval_expr(&a.value));
            let items: Vec<(Value, Value)> = match coll.unmark_owned().0 {
                Value::List(items) => items
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| (Value::Number(i as f64), v))
                    .collect(),
                Value::Map(m) => m.into_iter().map(|(k, v)| (Value::String(k), v)).collect(),
                _ => vec![(Value::Unknown, Value::Unknown)],
            };
            let span = d.span().unwrap_or(self.span.clone());
            for (k, v) in items {
                let it = vec![
                    (format!("{iterator}.key").into(), k),
                    (format!("{iterator}.value").into(), v),
                ];
                let mut child = self.child(content, it);
                child.span = span.clone();
                out.push(child);
            }
        }
        out
    }

    fn child(
        &self,
        b: &'p Block,
        extra: Vec<(std::borrow::Cow<'static, str>, Value)>,
    ) -> BlockRef<'p> {
        let bindings = if extra.is_empty() {
            self.bindings.clone()
        } else {
            Arc::new(Scope {
                parent: Some(self.bindings.clone()),
                vars: extra,
            })
        };
        BlockRef {
            res: self.res,
            body: &b.body,
            span: b.span().unwrap_or(self.span.clone()),
            bindings,
        }
    }
}

/// One attribute of a block.
#[derive(Clone)]
pub struct AttrRef<'p> {
    pub block: BlockRef<'p>,
    pub attr: &'p Attribute,
}

impl<'p> AttrRef<'p> {
    pub fn value(&self) -> Value {
        self.block.eval_expr(&self.attr.value)
    }

    pub fn expr(&self) -> &'p Expression {
        &self.attr.value
    }

    pub fn location(&self) -> Location {
        match self.attr.span() {
            Some(r) => self.block.res.project.location(self.block.file(), &r),
            None => self.block.location(),
        }
    }

    /// The source text of the value, as written.
    pub fn source_text(&self) -> &'p str {
        let file = &self.block.res.project.files[self.block.file()];
        file.text_of(&self.attr.value).unwrap_or("")
    }

    /// Where a plain `var.X` value came from, for messages:
    /// `var.ssh_allowed_cidr (default at variables.tf:47)`.
    pub fn origin(&self) -> Option<String> {
        let name = plain_var_ref(&self.attr.value)?;
        let b = self.block.res.instance.vars.get(name)?;
        Some(format!("var.{name} ({})", b.origin))
    }
}
