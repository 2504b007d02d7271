//! References: every `var.`, `local.`, `module.`, `data.` and resource
//! reference in a module must name something the module declares; module
//! outputs must exist in the (local) module; resource attributes must exist
//! in the schema; `count.index` / `each` need `count` / `for_each`; instance
//! keys must match; module calls must pass exactly the declared inputs.

use std::ops::Range;

use tfready_model::ast::{Attribute, Body};
use tfready_model::ast::{Directive, Element, Template};
use tfready_model::ast::{Expression, ObjectKey, TraversalOperator};
use tfready_model::{FileId, Module, ModuleCall, ModuleSource, Project, Resource, ResourceMode};
use tfready_schema::{BlockSchema, Member};

use crate::index::{repetition, ModuleIndex};
use crate::suggest::did_you_mean;
use crate::{docs_url, header_loc, loc, module_label, span_or, Problem};

pub(crate) fn run(project: &Project, indexes: &[ModuleIndex<'_>], out: &mut Vec<Problem>) {
    for (mid, module) in project.modules.iter().enumerate() {
        let mut w = Walker {
            project,
            module,
            idx: &indexes[mid],
            out,
            file: 0,
            fallback: 0..0,
            address: String::new(),
            scopes: Vec::new(),
            count: false,
            each: false,
        };
        for r in &module.resources {
            w.enter(
                r.file,
                &r.span.range,
                r.address(),
                repetition(&r.block.body),
            );
            w.resource_body(&r.block.body, true);
            if let Some(p) = r.block.body.get_attribute("provider") {
                w.provider_ref(p);
            }
        }
        for l in module.locals.values() {
            w.enter(l.file, &l.span.range, format!("local.{}", l.name), None);
            w.expr(&l.expr);
        }
        for o in module.outputs.values() {
            w.enter(o.file, &o.span.range, format!("output.{}", o.name), None);
            w.plain_body(&o.block.body, &[]);
        }
        for v in module.variables.values() {
            w.enter(v.file, &v.span.range, format!("var.{}", v.name), None);
            for b in v.block.body.get_blocks("validation") {
                w.plain_body(&b.body, &[]);
            }
        }
        for p in &module.providers {
            w.enter(p.file, &p.span.range, format!("provider.{}", p.name), None);
            w.plain_body(&p.block.body, &["alias"]);
        }
        for call in &module.calls {
            w.enter(
                call.file,
                &call.span.range,
                format!("module.{}", call.name),
                repetition(&call.block.body),
            );
            w.plain_body(&call.block.body, &["source", "version", "providers"]);
            w.call_providers(call);
            w.call_inputs(call);
        }
    }
}

struct Walker<'a, 'p> {
    project: &'p Project,
    module: &'p Module,
    idx: &'a ModuleIndex<'p>,
    out: &'a mut Vec<Problem>,
    file: FileId,
    /// Where to point when an expression has no span of its own.
    fallback: Range<usize>,
    address: String,
    /// Names bound by `for` expressions, template `for` directives and
    /// `dynamic` block iterators.
    scopes: Vec<String>,
    count: bool,
    each: bool,
}

fn get_attr(ops: &[tfready_model::ast::Decorated<TraversalOperator>], i: usize) -> Option<&str> {
    match ops.get(i).map(|o| o.value()) {
        Some(TraversalOperator::GetAttr(a)) => Some(a.as_str()),
        _ => None,
    }
}

type Ops = [tfready_model::ast::Decorated<TraversalOperator>];

impl Walker<'_, '_> {
    fn enter(&mut self, file: FileId, range: &Range<usize>, address: String, rep: Option<&str>) {
        self.file = file;
        self.fallback = range.clone();
        self.address = address;
        self.scopes.clear();
        self.count = rep == Some("count");
        self.each = rep == Some("for_each");
    }

    fn push(&mut self, p: Problem) {
        let address = self.address.clone();
        self.out.push(p.address(address));
    }

    fn loc(&self, range: &Range<usize>) -> tfready_model::Location {
        loc(self.project, self.file, range)
    }

    fn bound(&self, name: &str) -> bool {
        self.scopes.iter().any(|s| s == name)
    }

    fn attr(&mut self, a: &Attribute) {
        let saved = self.fallback.clone();
        self.fallback = span_or(a, &saved);
        self.expr(&a.value);
        self.fallback = saved;
    }

    /// A resource or data body: meta-arguments, `lifecycle`, `dynamic`.
    fn resource_body(&mut self, body: &Body, top: bool) {
        for a in body.attributes() {
            if top && a.key.as_str() == "provider" {
                continue;
            }
            self.attr(a);
        }
        for b in body.blocks() {
            match b.ident.as_str() {
                "lifecycle" if top => {
                    for a in b.body.attributes() {
                        // `ignore_changes` lists attribute names, not references.
                        if a.key.as_str() != "ignore_changes" {
                            self.attr(a);
                        }
                    }
                    for c in b.body.blocks() {
                        self.plain_body(&c.body, &[]);
                    }
                }
                "dynamic" => self.dynamic(b, |w, body| w.resource_body(body, false)),
                _ => self.resource_body(&b.body, false),
            }
        }
    }

    /// A `dynamic` block: its iterator is in scope in `content` (in any
    /// block that allows one: resources, data sources, providers).
    fn dynamic(&mut self, b: &tfready_model::ast::Block, content: impl Fn(&mut Self, &Body)) {
        let label = b
            .labels
            .first()
            .map(|l| l.as_str().to_string())
            .unwrap_or_default();
        let iterator = b
            .body
            .get_attribute("iterator")
            .and_then(|a| a.value.as_variable().map(|v| v.as_str().to_string()))
            .unwrap_or(label);
        if let Some(fe) = b.body.get_attribute("for_each") {
            self.attr(fe);
        }
        self.scopes.push(iterator);
        if let Some(labels) = b.body.get_attribute("labels") {
            self.attr(labels);
        }
        for c in b.body.get_blocks("content") {
            content(self, &c.body);
        }
        self.scopes.pop();
    }

    /// Any other body: every attribute (but `skip`) and nested block.
    fn plain_body(&mut self, body: &Body, skip: &[&str]) {
        for a in body.attributes() {
            if !skip.contains(&a.key.as_str()) {
                self.attr(a);
            }
        }
        for b in body.blocks() {
            if b.ident.as_str() == "dynamic" {
                self.dynamic(b, |w, body| w.plain_body(body, &[]));
            } else {
                self.plain_body(&b.body, &[]);
            }
        }
    }

    fn expr(&mut self, e: &Expression) {
        match e {
            Expression::Array(a) => {
                for x in a.iter() {
                    self.expr(x);
                }
            }
            Expression::Object(o) => {
                for (k, v) in o.iter() {
                    if let ObjectKey::Expression(ke) = k {
                        // A bare name as a key is a literal string.
                        if !matches!(ke, Expression::Variable(_)) {
                            self.expr(ke);
                        }
                    }
                    self.expr(v.expr());
                }
            }
            Expression::StringTemplate(t) => self.template(t),
            Expression::HeredocTemplate(h) => self.template(&h.template),
            Expression::Parenthesis(p) => self.expr(p.inner()),
            Expression::Variable(v) => {
                let name = v.as_str();
                if !self.bound(name) {
                    let range = span_or(e, &self.fallback);
                    self.invalid_reference(name, &range);
                }
            }
            Expression::Conditional(c) => {
                self.expr(&c.cond_expr);
                self.expr(&c.true_expr);
                self.expr(&c.false_expr);
            }
            Expression::FuncCall(f) => {
                for a in f.args.iter() {
                    self.expr(a);
                }
            }
            Expression::Traversal(t) => {
                match &t.expr {
                    Expression::Variable(v) if !self.bound(v.as_str()) => {
                        let range = span_or(&**t, &self.fallback);
                        self.reference(v.as_str(), &t.operators, &range);
                    }
                    Expression::Variable(_) => {}
                    other => self.expr(other),
                }
                for op in &t.operators {
                    if let TraversalOperator::Index(ix) = op.value() {
                        self.expr(ix);
                    }
                }
            }
            Expression::UnaryOp(u) => self.expr(&u.expr),
            Expression::BinaryOp(b) => {
                self.expr(&b.lhs_expr);
                self.expr(&b.rhs_expr);
            }
            Expression::ForExpr(f) => {
                self.expr(&f.intro.collection_expr);
                let n = self.scopes.len();
                if let Some(k) = &f.intro.key_var {
                    self.scopes.push(k.as_str().to_string());
                }
                self.scopes.push(f.intro.value_var.as_str().to_string());
                if let Some(k) = &f.key_expr {
                    self.expr(k);
                }
                self.expr(&f.value_expr);
                if let Some(c) = &f.cond {
                    self.expr(&c.expr);
                }
                self.scopes.truncate(n);
            }
            _ => {}
        }
    }

    fn template(&mut self, t: &Template) {
        for el in t.iter() {
            match el {
                Element::Literal(_) => {}
                Element::Interpolation(i) => self.expr(&i.expr),
                Element::Directive(d) => match &**d {
                    Directive::If(i) => {
                        self.expr(&i.if_expr.cond_expr);
                        self.template(&i.if_expr.template);
                        if let Some(e) = &i.else_expr {
                            self.template(&e.template);
                        }
                    }
                    Directive::For(f) => {
                        self.expr(&f.for_expr.collection_expr);
                        let n = self.scopes.len();
                        if let Some(k) = &f.for_expr.key_var {
                            self.scopes.push(k.as_str().to_string());
                        }
                        self.scopes.push(f.for_expr.value_var.as_str().to_string());
                        self.template(&f.for_expr.template);
                        self.scopes.truncate(n);
                    }
                },
            }
        }
    }

    fn invalid_reference(&mut self, name: &str, range: &Range<usize>) {
        let message = match name {
            "var" | "local" | "module" | "data" | "count" | "each" | "path" | "terraform" | "self" => {
                format!("Invalid reference: The \"{name}\" object cannot be accessed directly. Instead, access one of its attributes.")
            }
            _ => format!("Invalid reference: A reference to a resource type must be followed by at least one attribute access, specifying the resource name (\"{name}\" is not declared)."),
        };
        let fix = format!("Complete the reference (e.g. `{name}.NAME`), or declare what it names.");
        let p = Problem::error("undeclared-reference", self.loc(range), message, fix);
        self.push(p);
    }

    fn reference(&mut self, name: &str, ops: &Ops, range: &Range<usize>) {
        let here = module_label(&self.module.dir);
        match name {
            "var" => match get_attr(ops, 0) {
                Some(v) if !self.module.variables.contains_key(v) => {
                    let mut message = format!("Reference to undeclared input variable: An input variable with the name \"{v}\" has not been declared.");
                    let fix = match did_you_mean(
                        v,
                        self.module.variables.keys().map(String::as_str),
                    ) {
                        Some(h) => {
                            message.push_str(&format!(" Did you mean \"{h}\"?"));
                            format!("Use var.{h}, or declare variable \"{v}\" in {here}.")
                        }
                        None => {
                            message.push_str(&format!(" This variable can be declared with a variable \"{v}\" {{}} block."));
                            format!("Declare `variable \"{v}\" {{ type = ... }}` in {here}.")
                        }
                    };
                    let p = Problem::error("undeclared-reference", self.loc(range), message, fix);
                    self.push(p);
                }
                Some(_) => {}
                None => self.invalid_reference(name, range),
            },
            "local" => match get_attr(ops, 0) {
                Some(l) if !self.module.locals.contains_key(l) => {
                    let mut message = format!("Reference to undeclared local value: A local value with the name \"{l}\" has not been declared.");
                    if let Some(h) = did_you_mean(l, self.module.locals.keys().map(String::as_str))
                    {
                        message.push_str(&format!(" Did you mean \"{h}\"?"));
                    }
                    let fix = format!("Declare `{l}` in a locals block of {here}.");
                    let p = Problem::error("undeclared-reference", self.loc(range), message, fix);
                    self.push(p);
                }
                Some(_) => {}
                None => self.invalid_reference(name, range),
            },
            "module" => match get_attr(ops, 0) {
                Some(c) => match self.idx.calls.get(c) {
                    Some(call) => self.module_ref(call, &ops[1..], range),
                    None => {
                        let message = format!("Reference to undeclared module: No module call named \"{c}\" is declared in {here}.");
                        let fix = format!(
                            "Add a `module \"{c}\" {{ source = ... }}` block, or fix the name."
                        );
                        let p =
                            Problem::error("undeclared-reference", self.loc(range), message, fix);
                        self.push(p);
                    }
                },
                None => self.invalid_reference(name, range),
            },
            "data" => match (get_attr(ops, 0), get_attr(ops, 1)) {
                (Some(t), Some(n)) => match self.idx.data.get(&(t, n)) {
                    Some(r) => self.resource_ref(r, &ops[2..], range),
                    None => {
                        let message = format!("Reference to undeclared resource: A data resource \"{t}\" \"{n}\" has not been declared in {here}.");
                        let fix = format!("Declare `data \"{t}\" \"{n}\" {{ ... }}` in {here}, or fix the reference.");
                        let p =
                            Problem::error("undeclared-reference", self.loc(range), message, fix);
                        self.push(p);
                    }
                },
                _ => self.invalid_reference(name, range),
            },
            "count" => {
                if !self.count {
                    let message = "Reference to \"count\" in non-counted context: The \"count\" object can only be used in \"module\", \"resource\", and \"data\" blocks, and only when the \"count\" argument is set.";
                    let fix = "Set `count` on the enclosing block, or stop using count.index here.";
                    let p =
                        Problem::error("invalid-count-reference", self.loc(range), message, fix);
                    self.push(p);
                } else if get_attr(ops, 0) != Some("index") {
                    let message = "Invalid \"count\" attribute: The \"count\" object does not have that attribute. The only supported attribute is count.index, which is the index of each instance of a resource block that has the \"count\" argument set.";
                    let p = Problem::error(
                        "invalid-count-reference",
                        self.loc(range),
                        message,
                        "Use count.index.",
                    );
                    self.push(p);
                }
            }
            "each" => {
                if !self.each {
                    let message = "Reference to \"each\" in context without for_each: The \"each\" object can be used only in \"module\" or \"resource\" blocks, and only when the \"for_each\" argument is set.";
                    let fix = "Set `for_each` on the enclosing block, or stop using each here.";
                    let p = Problem::error("invalid-each-reference", self.loc(range), message, fix);
                    self.push(p);
                } else if !matches!(get_attr(ops, 0), Some("key" | "value")) {
                    let message = "Invalid \"each\" attribute: The \"each\" object has only the attributes \"key\" and \"value\".";
                    let p = Problem::error(
                        "invalid-each-reference",
                        self.loc(range),
                        message,
                        "Use each.key or each.value.",
                    );
                    self.push(p);
                }
            }
            "path" | "terraform" | "self" => {}
            ty => match get_attr(ops, 0) {
                Some(n) => match self.idx.managed.get(&(ty, n)) {
                    Some(r) => self.resource_ref(r, &ops[1..], range),
                    None => {
                        let message = format!("Reference to undeclared resource: A managed resource \"{ty}\" \"{n}\" has not been declared in {here}.");
                        let fix = format!("Declare `resource \"{ty}\" \"{n}\" {{ ... }}` in {here}, or fix the reference.");
                        let p =
                            Problem::error("undeclared-reference", self.loc(range), message, fix);
                        self.push(p);
                    }
                },
                None => self.invalid_reference(name, range),
            },
        }
    }

    /// `[key]` must be there exactly when the target has count / for_each.
    fn key_check(
        &mut self,
        rep: Option<&str>,
        rest: &Ops,
        addr: &str,
        module: bool,
        range: &Range<usize>,
    ) {
        let what = if module { "outputs" } else { "attributes" };
        match (rep, rest.first().map(|o| o.value())) {
            (Some(kind), Some(TraversalOperator::GetAttr(_))) => {
                let key = if kind == "count" { "[0]" } else { "[each.key]" };
                let message = format!("Missing resource instance key: Because {addr} has \"{kind}\" set, its {what} must be accessed on specific instances.");
                let fix = format!("Index it: {addr}{key} (or {addr}[*] for all instances).");
                let p = Problem::error("missing-instance-key", self.loc(range), message, fix);
                self.push(p);
            }
            (None, Some(TraversalOperator::Index(_) | TraversalOperator::LegacyIndex(_))) => {
                let message = format!("Unexpected resource instance key: Because {addr} does not have \"count\" or \"for_each\" set, references to it must not include an index key.");
                let fix = format!(
                    "Remove the index: {addr}.<{}>.",
                    if module { "output" } else { "attribute" }
                );
                let p = Problem::error("unexpected-instance-key", self.loc(range), message, fix);
                self.push(p);
            }
            _ => {}
        }
    }

    fn module_ref(&mut self, call: &ModuleCall, rest: &Ops, range: &Range<usize>) {
        let addr = format!("module.{}", call.name);
        self.key_check(repetition(&call.block.body), rest, &addr, true, range);
        let i = usize::from(matches!(
            rest.first().map(|o| o.value()),
            Some(
                TraversalOperator::Index(_)
                    | TraversalOperator::LegacyIndex(_)
                    | TraversalOperator::FullSplat(_)
                    | TraversalOperator::AttrSplat(_)
            )
        ));
        let (Some(output), ModuleSource::Local(id)) = (get_attr(rest, i), &call.source) else {
            return;
        };
        let child = &self.project.modules[*id];
        if child.outputs.contains_key(output) {
            return;
        }
        let mut message = format!("Reference to undeclared output value: An output value with the name \"{output}\" has not been declared in {addr}.");
        let fix = match did_you_mean(output, child.outputs.keys().map(String::as_str)) {
            Some(h) => {
                message.push_str(&format!(" Did you mean \"{h}\"?"));
                format!(
                    "Use {addr}.{h}, or add output \"{output}\" to {}.",
                    child.dir
                )
            }
            None => format!(
                "Add `output \"{output}\" {{ value = ... }}` to {}.",
                child.dir
            ),
        };
        let p = Problem::error("undeclared-module-output", self.loc(range), message, fix);
        self.push(p);
    }

    fn resource_ref(&mut self, r: &Resource, rest: &Ops, range: &Range<usize>) {
        self.key_check(repetition(&r.block.body), rest, &r.address(), false, range);
        if r.ty.split('_').next() != Some("aws") {
            return;
        }
        let aws = tfready_schema::provider();
        let data = r.mode == ResourceMode::Data;
        let Some(schema) = (if data {
            aws.data_source(&r.ty)
        } else {
            aws.resource(&r.ty)
        }) else {
            return;
        };
        self.attribute_path(schema, rest, range, &r.ty, data);
    }

    /// Follows `.attr[0].nested` through the schema while it is described.
    fn attribute_path(
        &mut self,
        schema: &BlockSchema,
        rest: &Ops,
        range: &Range<usize>,
        ty: &str,
        data: bool,
    ) {
        let mut schema = schema;
        let mut i = 0;
        loop {
            if schema.is_opaque() {
                return;
            }
            if matches!(
                rest.get(i).map(|o| o.value()),
                Some(
                    TraversalOperator::Index(_)
                        | TraversalOperator::LegacyIndex(_)
                        | TraversalOperator::FullSplat(_)
                        | TraversalOperator::AttrSplat(_)
                )
            ) {
                i += 1;
            }
            let Some(name) = get_attr(rest, i) else {
                return;
            };
            match schema.member(name) {
                Some(Member::Block(b)) => schema = b.body(),
                Some(Member::Attribute(a)) => match a.nested() {
                    Some(n) => schema = n,
                    None => return,
                },
                None => {
                    let mut message = format!("Unsupported attribute: This object has no argument, nested block, or exported attribute named \"{name}\".");
                    let names: Vec<&str> = schema
                        .attributes()
                        .map(|(n, _)| n)
                        .chain(schema.blocks().map(|(n, _)| n))
                        .collect();
                    let fix = match did_you_mean(name, names.iter().copied()) {
                        Some(h) => {
                            message.push_str(&format!(" Did you mean \"{h}\"?"));
                            format!("Use `{h}`.")
                        }
                        None => format!("Use an attribute {ty} exports (see its documentation)."),
                    };
                    let p = Problem::error("unsupported-attribute", self.loc(range), message, fix)
                        .source(docs_url(ty, data));
                    self.push(p);
                    return;
                }
            }
            i += 1;
        }
    }

    /// `provider = aws.ALIAS` must name a declared configuration.
    fn provider_ref(&mut self, a: &Attribute) {
        let Some(t) = a.value.as_traversal() else {
            return;
        };
        let Some(root) = t.expr.as_variable() else {
            return;
        };
        if root.as_str() != "aws" {
            return;
        }
        let Some(alias) = get_attr(&t.operators, 0) else {
            return;
        };
        if self.idx.aws_aliases.contains(alias) {
            return;
        }
        let here = module_label(&self.module.dir);
        let range = span_or(a, &self.fallback);
        let message = format!("Provider configuration not present: aws.{alias} is not declared in {here}: there is no `provider \"aws\" {{ alias = \"{alias}\" }}` block nor a `configuration_aliases` entry for it.");
        let fix = if self.module.dir.is_empty() {
            format!("Add `provider \"aws\" {{ alias = \"{alias}\" ... }}`.")
        } else {
            format!("Add aws.{alias} to configuration_aliases in the module's required_providers and pass it with `providers = {{ aws.{alias} = ... }}`.")
        };
        let p = Problem::error("undeclared-provider", self.loc(&range), message, fix);
        self.push(p);
    }

    /// `providers = { aws.x = aws.y }`: the values must be declared here.
    fn call_providers(&mut self, call: &ModuleCall) {
        let Some(a) = call.block.body.get_attribute("providers") else {
            return;
        };
        let Some(obj) = a.value.as_object() else {
            return;
        };
        for (_, v) in obj.iter() {
            let Some(t) = v.expr().as_traversal() else {
                continue;
            };
            if t.expr.as_variable().map(|r| r.as_str()) != Some("aws") {
                continue;
            }
            let Some(alias) = get_attr(&t.operators, 0) else {
                continue;
            };
            if !self.idx.aws_aliases.contains(alias) {
                let here = module_label(&self.module.dir);
                let range = span_or(t, &span_or(a, &self.fallback));
                let message = format!(
                    "Provider configuration not present: aws.{alias} is not declared in {here}."
                );
                let fix = format!("Declare `provider \"aws\" {{ alias = \"{alias}\" ... }}` before passing it to module.{}.", call.name);
                let p = Problem::error("undeclared-provider", self.loc(&range), message, fix);
                self.push(p);
            }
        }
    }

    /// Inputs of a call to a local module against its variables.
    fn call_inputs(&mut self, call: &ModuleCall) {
        let ModuleSource::Local(id) = call.source else {
            return;
        };
        let child = &self.project.modules[id];
        for a in call.block.body.attributes() {
            let name = a.key.as_str();
            if matches!(
                name,
                "source" | "version" | "count" | "for_each" | "providers" | "depends_on"
            ) {
                continue;
            }
            if child.variables.contains_key(name) {
                continue;
            }
            let range = span_or(a, &call.span.range);
            let mut message = format!("Unsupported argument: An argument named \"{name}\" is not expected here: {} declares no variable \"{name}\".", child.dir);
            let fix = match did_you_mean(name, child.variables.keys().map(String::as_str)) {
                Some(h) => {
                    message.push_str(&format!(" Did you mean \"{h}\"?"));
                    format!(
                        "Rename the input to `{h}`, or declare variable \"{name}\" in {}.",
                        child.dir
                    )
                }
                None => format!(
                    "Declare `variable \"{name}\"` in {}, or remove the input.",
                    child.dir
                ),
            };
            let p = Problem::error("module-unknown-input", self.loc(&range), message, fix);
            self.push(p);
        }
        for (name, v) in &child.variables {
            if v.default.is_some() || call.block.body.has_attribute(name) {
                continue;
            }
            let message = format!(
                "Missing required argument: The argument \"{name}\" is required, but was not set."
            );
            let fix = format!("Pass `{name} = ...` in module \"{}\", or give variable \"{name}\" a default in {}.", call.name, child.dir);
            let p = Problem::error(
                "module-missing-input",
                header_loc(self.project, call.file, &call.span.range),
                message,
                fix,
            );
            self.push(p);
        }
    }
}
