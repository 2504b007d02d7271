//! Resource, data source and provider blocks against the AWS provider
//! schema: types, arguments, nested blocks (static and `dynamic`), required
//! arguments and blocks, block counts, deprecations.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use tfready_model::ast::{Block, Body};
use tfready_model::{FileId, Project, Resource, ResourceMode};
use tfready_schema::{BlockSchema, Member};

use crate::deprecations::{deprecation, removal};
use crate::suggest::did_you_mean;
use crate::{docs_url, header_loc, loc, span_or, Problem, Severity};

pub(crate) fn run(project: &Project, out: &mut Vec<Problem>) {
    let aws = tfready_schema::provider();
    for module in project.modules.iter() {
        for r in &module.resources {
            check_resource(project, r, out);
        }
        for p in &module.providers {
            if p.name != "aws" {
                continue;
            }
            let mut c = Checker {
                project,
                file: p.file,
                ty: "aws",
                kind: Kind::Provider,
                address: "provider.aws".to_string(),
                source: format!("https://registry.terraform.io/providers/hashicorp/aws/{}/docs#argument-reference", tfready_schema::provider().provider_version()),
                out,
            };
            c.body(
                &p.block.body,
                aws.provider_config(),
                &mut Vec::new(),
                &p.span.range,
                true,
                true,
            );
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Managed,
    Data,
    Provider,
}

fn check_resource(project: &Project, r: &Resource, out: &mut Vec<Problem>) {
    // The provider of a resource type is named by its first word.
    if r.ty.split('_').next() != Some("aws") {
        return;
    }
    let aws = tfready_schema::provider();
    let data = r.mode == ResourceMode::Data;
    let schema = if data {
        aws.data_source(&r.ty)
    } else {
        aws.resource(&r.ty)
    };
    let Some(schema) = schema else {
        let (code, what) = if data {
            ("unknown-data-source", "data source")
        } else {
            ("unknown-resource-type", "resource type")
        };
        let names: Vec<&str> = if data {
            aws.data_source_types().collect()
        } else {
            aws.resource_types().collect()
        };
        let hint = did_you_mean(&r.ty, names.iter().copied());
        let mut message = format!(
            "The provider hashicorp/aws does not support {what} \"{}\".",
            r.ty
        );
        let fix = match hint {
            Some(h) => {
                message.push_str(&format!(" Did you mean \"{h}\"?"));
                format!("Use the {what} \"{h}\".")
            }
            None => format!("Use a {what} that AWS provider {} has (see its documentation), or remove the block.", aws.provider_version()),
        };
        out.push(
            Problem::error(
                code,
                header_loc(project, r.file, &r.span.range),
                message,
                fix,
            )
            .address(r.address())
            .source(format!(
                "https://registry.terraform.io/providers/hashicorp/aws/{}/docs",
                aws.provider_version()
            )),
        );
        return;
    };
    if r.block.body.has_attribute("count") {
        if let Some(fe) = r.block.body.get_attribute("for_each") {
            out.push(
                Problem::error(
                    "count-and-for-each",
                    loc(project, r.file, &span_or(fe, &r.span.range)),
                    "Invalid combination of \"count\" and \"for_each\": The \"count\" and \"for_each\" meta-arguments are mutually-exclusive, only one should be used to be explicit about the number of resources to be created.",
                    "Keep only one of `count` and `for_each`.",
                )
                .address(r.address()),
            );
        }
    }
    let mut c = Checker {
        project,
        file: r.file,
        ty: &r.ty,
        kind: if data { Kind::Data } else { Kind::Managed },
        address: r.address(),
        source: docs_url(&r.ty, data),
        out,
    };
    c.body(
        &r.block.body,
        schema,
        &mut Vec::new(),
        &r.span.range,
        true,
        true,
    );
}

struct Checker<'a> {
    project: &'a Project,
    file: FileId,
    ty: &'a str,
    kind: Kind,
    address: String,
    source: String,
    out: &'a mut Vec<Problem>,
}

fn is_meta_attr(kind: Kind, name: &str) -> bool {
    match kind {
        Kind::Managed | Kind::Data => {
            matches!(name, "count" | "for_each" | "provider" | "depends_on")
        }
        Kind::Provider => matches!(name, "alias" | "version"),
    }
}

impl Checker<'_> {
    fn json(&self) -> bool {
        self.project.files[self.file].display.ends_with(".json")
    }

    fn push(
        &mut self,
        severity: Severity,
        code: &'static str,
        range: &Range<usize>,
        message: String,
        fix: String,
    ) {
        let location = loc(self.project, self.file, range);
        let p = Problem::new(severity, code, location, message, fix)
            .address(self.address.clone())
            .source(self.source.clone());
        self.out.push(p);
    }

    fn what(&self) -> String {
        match self.kind {
            Kind::Managed => format!("resource type {}", self.ty),
            Kind::Data => format!("data source {}", self.ty),
            Kind::Provider => "the aws provider".to_string(),
        }
    }

    /// Checks a body against a block schema. `top` allows the meta-arguments;
    /// `exact` is false inside object attributes written as blocks, whose
    /// field optionality the schema does not know exactly.
    fn body(
        &mut self,
        body: &Body,
        schema: &BlockSchema,
        path: &mut Vec<String>,
        block_range: &Range<usize>,
        top: bool,
        exact: bool,
    ) {
        if schema.is_opaque() {
            return;
        }
        for attr in body.attributes() {
            let name = attr.key.as_str();
            if top && is_meta_attr(self.kind, name) {
                continue;
            }
            let range = span_or(attr, block_range);
            match schema.attribute(name) {
                // `null` is "not set": Terraform accepts it anywhere.
                Some(a) if a.computed() && may_be_null(self.project, self.file, &attr.value) => {}
                Some(a) if a.computed() => {
                    let message = format!("Value for unconfigurable attribute: Can't configure a value for \"{name}\": its value will be decided automatically based on the result of applying this configuration.");
                    let fix = format!("Remove `{name}`: the provider sets it (reference it from other resources instead).");
                    self.push(Severity::Error, "computed-argument", &range, message, fix);
                }
                Some(a) => {
                    self.deprecated(path, name, &range, a.deprecated());
                }
                // JSON syntax writes no blocks of a type as `[]` (the
                // loader, without the schema, made it an argument).
                None if self.json()
                    && schema.block(name).is_some()
                    && attr.value.as_array().is_some_and(|a| a.is_empty()) => {}
                None => self.unknown_argument(schema, path, name, &range),
            }
        }
        let mut counts: HashMap<&str, usize> = HashMap::new();
        let mut dynamic: HashSet<String> = HashSet::new();
        for block in body.blocks() {
            let name = block.ident.as_str();
            let range = span_or(block, block_range);
            if top && self.kind != Kind::Provider {
                match name {
                    "lifecycle" => {
                        self.lifecycle(block, &range);
                        continue;
                    }
                    "provisioner" | "connection" if self.kind == Kind::Managed => continue,
                    _ => {}
                }
            }
            if name == "dynamic" {
                if let Some(label) = self.dynamic(block, schema, path, &range, exact) {
                    dynamic.insert(label);
                }
                continue;
            }
            let n = counts.entry(name).or_insert(0);
            *n += 1;
            if let Some(Member::Block(b)) = schema.member(name) {
                if let Some(max) = b.max_items() {
                    if *n as u32 == max + 1 {
                        let message = format!("Too many {name} blocks: No more than {max} \"{name}\" blocks are allowed.");
                        let fix = format!("Keep a single `{name}` block (merge their contents).");
                        self.push(
                            Severity::Error,
                            "too-many-blocks",
                            &header_range(self.project, self.file, &range),
                            message,
                            fix,
                        );
                    }
                }
            }
            self.nested(name, &block.body, schema, path, &range, exact);
        }
        let header = header_range(self.project, self.file, block_range);
        if exact {
            for (name, _) in schema.required_attributes() {
                if body.has_attribute(name) || counts.contains_key(name) || dynamic.contains(name) {
                    continue;
                }
                let message = format!("Missing required argument: The argument \"{name}\" is required, but no definition was found.");
                let fix = format!("Set `{name}` in this block.");
                self.push(
                    Severity::Error,
                    "missing-required-argument",
                    &header,
                    message,
                    fix,
                );
            }
        }
        for (name, _) in schema.required_blocks() {
            if counts.contains_key(name) || dynamic.contains(name) {
                continue;
            }
            let message =
                format!("Insufficient {name} blocks: At least 1 \"{name}\" blocks are required.");
            let fix = format!("Add a `{name} {{ ... }}` block.");
            self.push(
                Severity::Error,
                "missing-required-block",
                &header,
                message,
                fix,
            );
        }
    }

    fn unknown_argument(
        &mut self,
        schema: &BlockSchema,
        path: &[String],
        name: &str,
        range: &Range<usize>,
    ) {
        let mut message =
            format!("Unsupported argument: An argument named \"{name}\" is not expected here.");
        let fix;
        if schema.block(name).is_some() {
            message.push_str(&format!(
                " Did you mean to define a block of type \"{name}\"?"
            ));
            fix = format!("Write `{name}` as a block: `{name} {{ ... }}`, without `=`.");
        } else if let Some(r) = path.is_empty().then(|| removal(self.ty, name)).flatten() {
            fix = format!(
                "Use `{}` instead: `{name}` was removed from the provider.",
                r.replacement
            );
            self.push(Severity::Error, "unknown-argument", range, message, fix);
            if let Some(p) = self.out.last_mut() {
                p.source = Some(r.source.to_string());
            }
            return;
        } else {
            let names = settable_names(schema);
            match did_you_mean(name, names.iter().map(String::as_str)) {
                Some(h) => {
                    message.push_str(&format!(" Did you mean \"{h}\"?"));
                    fix = format!("Rename `{name}` to `{h}`.");
                }
                None => {
                    fix = format!(
                        "Remove `{name}`: {} (AWS provider {}) has no such argument here.",
                        self.what(),
                        tfready_schema::provider().provider_version()
                    )
                }
            }
        }
        self.push(Severity::Error, "unknown-argument", range, message, fix);
    }

    fn unknown_block(&mut self, schema: &BlockSchema, name: &str, range: &Range<usize>) {
        let (hint, fix) = if schema.attribute(name).is_some() {
            (
                format!(" Did you mean to define argument \"{name}\"? If so, use the equals sign to assign it a value."),
                format!("Write `{name} = ...` as an argument."),
            )
        } else {
            let names: Vec<&str> = schema.blocks().map(|(n, _)| n).collect();
            match did_you_mean(name, names.iter().copied()) {
                Some(h) => (
                    format!(" Did you mean \"{h}\"?"),
                    format!("Rename the block to `{h}`."),
                ),
                None => (
                    String::new(),
                    format!(
                        "Remove the `{name}` block: {} (AWS provider {}) has no such block here.",
                        self.what(),
                        tfready_schema::provider().provider_version()
                    ),
                ),
            }
        };
        self.unexpected_block(name, range, hint, fix);
    }

    /// Terraform's error for a block of a type not allowed where it is,
    /// with `hint` after its message, at the block's header.
    fn unexpected_block(&mut self, name: &str, range: &Range<usize>, hint: String, fix: String) {
        let message = format!(
            "Unsupported block type: Blocks of type \"{name}\" are not expected here.{hint}"
        );
        let header = header_range(self.project, self.file, range);
        self.push(Severity::Error, "unknown-block", &header, message, fix);
    }

    /// A nested block `name { body }` (or a dynamic block's content).
    fn nested(
        &mut self,
        name: &str,
        body: &Body,
        schema: &BlockSchema,
        path: &mut Vec<String>,
        range: &Range<usize>,
        exact: bool,
    ) {
        match schema.member(name) {
            Some(Member::Block(b)) => {
                self.deprecated(
                    path,
                    name,
                    &header_range(self.project, self.file, range),
                    b.deprecated(),
                );
                if b.is_opaque() {
                    return;
                }
                path.push(name.to_string());
                self.body(body, b.body(), path, range, false, exact);
                path.pop();
            }
            Some(Member::Attribute(a)) if a.value_type().is_object_like() && a.settable() => {
                // An object attribute in block syntax (SDKv2 attributes as
                // blocks, e.g. aws_security_group.ingress).
                self.deprecated(
                    path,
                    name,
                    &header_range(self.project, self.file, range),
                    a.deprecated(),
                );
                if let Some(n) = a.nested() {
                    path.push(name.to_string());
                    self.body(body, n, path, range, false, false);
                    path.pop();
                }
            }
            // JSON syntax cannot tell a map-valued argument from a block:
            // the loader made an object a block.
            Some(Member::Attribute(_)) if self.json() => {}
            _ => self.unknown_block(schema, name, range),
        }
    }

    /// `dynamic "x" { for_each, iterator, labels, content { ... } }`;
    /// returns the generated block type.
    fn dynamic(
        &mut self,
        block: &Block,
        schema: &BlockSchema,
        path: &mut Vec<String>,
        range: &Range<usize>,
        exact: bool,
    ) -> Option<String> {
        let label = block.labels.first()?.as_str().to_string();
        for attr in block.body.attributes() {
            let name = attr.key.as_str();
            if !matches!(name, "for_each" | "iterator" | "labels") {
                let r = span_or(attr, range);
                let message = format!(
                    "Unsupported argument: An argument named \"{name}\" is not expected here."
                );
                let fix = format!("Move `{name}` into the `content` block.");
                self.push(Severity::Error, "unknown-argument", &r, message, fix);
            }
        }
        if !block.body.has_attribute("for_each") {
            let message = "Missing required argument: The argument \"for_each\" is required, but no definition was found.".to_string();
            self.push(
                Severity::Error,
                "missing-required-argument",
                &header_range(self.project, self.file, range),
                message,
                "Set `for_each` on the dynamic block.".to_string(),
            );
        }
        if schema.member(&label).is_none() {
            self.unknown_block(schema, &label, range);
            return Some(label);
        }
        let mut content = None;
        for b in block.body.blocks() {
            let r = span_or(b, range);
            if b.ident.as_str() == "content" && content.is_none() {
                content = Some((b, r));
            } else {
                let name = b.ident.as_str();
                let fix = format!("Move the `{name}` block into the single `content` block.");
                self.unexpected_block(name, &r, String::new(), fix);
            }
        }
        match content {
            Some((c, r)) => self.nested(&label, &c.body, schema, path, &r, exact),
            None => {
                let message =
                    "Insufficient content blocks: At least 1 \"content\" blocks are required."
                        .to_string();
                self.push(
                    Severity::Error,
                    "missing-required-block",
                    &header_range(self.project, self.file, range),
                    message,
                    "Add a `content { ... }` block.".to_string(),
                );
            }
        }
        Some(label)
    }

    fn lifecycle(&mut self, block: &Block, range: &Range<usize>) {
        let managed = self.kind == Kind::Managed;
        for attr in block.body.attributes() {
            let name = attr.key.as_str();
            let ok = managed
                && matches!(
                    name,
                    "create_before_destroy"
                        | "prevent_destroy"
                        | "ignore_changes"
                        | "replace_triggered_by"
                );
            if !ok {
                let r = span_or(attr, range);
                let message = format!(
                    "Unsupported argument: An argument named \"{name}\" is not expected here."
                );
                let fix = format!("Remove `{name}` from the lifecycle block.");
                self.push(Severity::Error, "unknown-argument", &r, message, fix);
            }
        }
        for b in block.body.blocks() {
            let name = b.ident.as_str();
            if !matches!(name, "precondition" | "postcondition") {
                let r = span_or(b, range);
                let fix = format!("Remove the `{name}` block from the lifecycle block.");
                self.unexpected_block(name, &r, String::new(), fix);
            }
        }
    }

    fn deprecated(
        &mut self,
        path: &[String],
        name: &str,
        range: &Range<usize>,
        schema_msg: Option<&str>,
    ) {
        if self.kind == Kind::Provider {
            return;
        }
        let full = if path.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", path.join("."))
        };
        if let Some(d) = deprecation(self.ty, &full) {
            let message = format!(
                "Argument is deprecated: \"{full}\" of {} is deprecated; use {} instead.",
                self.ty, d.replacement
            );
            let fix = format!("Move this configuration to {}.", d.replacement);
            self.push(
                Severity::Warning,
                "deprecated-argument",
                range,
                message,
                fix,
            );
            if let Some(p) = self.out.last_mut() {
                p.source = Some(d.source.to_string());
            }
        } else if let Some(msg) = schema_msg {
            let message = format!("Argument is deprecated: {msg}");
            self.push(
                Severity::Warning,
                "deprecated-argument",
                range,
                message,
                format!("Stop using `{full}`."),
            );
        }
    }
}

fn settable_names(schema: &BlockSchema) -> Vec<String> {
    schema
        .settable_attributes()
        .map(|(n, _)| n.to_string())
        .chain(schema.blocks().map(|(n, _)| n.to_string()))
        .collect()
}

/// The first line of a range.
fn header_range(project: &Project, file: FileId, range: &Range<usize>) -> Range<usize> {
    let text = &project.files[file].text;
    let start = range.start.min(text.len());
    let end = range.end.min(text.len()).max(start);
    match text[start..end].find('\n') {
        Some(i) => start..start + i,
        None => start..end,
    }
}

/// Whether an expression of a file may be `null` (Terraform's "not set"):
/// it is `null`, or in some instance of its module it evaluates to `null`
/// or to something known only at apply (a `dynamic` block's iterator, a
/// variable a caller sets from a resource). Only a value known not to be
/// null is a value set for a computed attribute.
fn may_be_null(project: &Project, file: FileId, expr: &tfready_model::ast::Expression) -> bool {
    if expr.is_null() {
        return true;
    }
    let literal = tfready_model::Evaluator::new(&tfready_model::LiteralEnv).eval(expr);
    if !literal.is_unknown() {
        return literal.is_null();
    }
    let Some(module) = project.modules.iter().position(|m| m.files.contains(&file)) else {
        return true;
    };
    project
        .instances
        .iter()
        .filter(|i| i.module == module)
        .any(|i| {
            let env = tfready_model::InstanceEnv {
                project,
                instance: i,
            };
            let v = tfready_model::Evaluator::new(&env).eval(expr);
            v.is_null() || !v.is_wholly_known()
        })
}
