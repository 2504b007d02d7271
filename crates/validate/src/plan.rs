//! `count` must be known at plan time: Terraform refuses to plan a `count`
//! that depends on resource attributes only apply knows (an ARN, an id).
//!
//! The model evaluates unknown values without saying why they are unknown;
//! here an unknown `count` is followed back through variables, locals and
//! module outputs to tell "depends on an apply-time attribute" (plan fails)
//! from "depends on an input variable without a value" (Terraform asks).

use tfready_model::ast::Attribute;
use tfready_model::ast::{BinaryOperator, Expression, ObjectKey, TraversalOperator};
use tfready_model::ast::{Directive, Element, Template};
use tfready_model::{FileId, InstanceId, Presence};

use crate::trace::eval;
use crate::{loc, span_or, Ctx, Problem};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Dep {
    No,
    /// Depends on apply-time values for some values of the inputs.
    Maybe,
    Yes,
}

pub(crate) fn run(cx: &Ctx<'_>, out: &mut Vec<Problem>) {
    let project = cx.project;
    for (iid, inst) in project.instances.iter().enumerate() {
        if inst.presence == Presence::No {
            continue;
        }
        let module = &project.modules[inst.module];
        let prefix = if inst.address.is_empty() {
            String::new()
        } else {
            format!("{}.", inst.address)
        };
        for r in &module.resources {
            if let Some(c) = r.block.body.get_attribute("count") {
                check(
                    cx,
                    iid,
                    c,
                    r.file,
                    &r.span.range,
                    format!("{prefix}{}", r.address()),
                    out,
                );
            }
        }
        for call in &module.calls {
            if let Some(c) = call.block.body.get_attribute("count") {
                check(
                    cx,
                    iid,
                    c,
                    call.file,
                    &call.span.range,
                    format!("{prefix}module.{}", call.name),
                    out,
                );
            }
        }
    }
}

fn check(
    cx: &Ctx<'_>,
    iid: InstanceId,
    count: &Attribute,
    file: FileId,
    block: &std::ops::Range<usize>,
    address: String,
    out: &mut Vec<Problem>,
) {
    let project = cx.project;
    if !eval(project, &project.instances[iid], &count.value).is_unknown() {
        return;
    }
    let location = loc(project, file, &span_or(count, block));
    let fix = "Compute count from values known at plan (input variables, literals), e.g. a boolean variable, not from resource attributes such as ARNs or IDs.";
    let source = "https://developer.hashicorp.com/terraform/language/meta-arguments/count#limitations-on-values-used-in-count";
    match dep(cx, iid, &count.value, 0) {
        Dep::Yes => out.push(
            Problem::error(
                "count-unknown-at-plan",
                location,
                "Invalid count argument: The \"count\" value depends on resource attributes that cannot be determined until apply, so Terraform cannot predict how many instances will be created. To work around this, use the -target argument to first apply only the resources that the count depends on.",
                fix,
            )
            .source(source)
            .address(address),
        ),
        Dep::Maybe => out.push(
            Problem::warning(
                "count-unknown-at-plan",
                location,
                "Invalid count argument (would fail depending on input values): for some values of the input variables the \"count\" value depends on resource attributes that cannot be determined until apply.",
                fix,
            )
            .source(source)
            .address(address),
        ),
        Dep::No => {}
    }
}

const MAX_DEPTH: usize = 24;

fn dep(cx: &Ctx<'_>, inst: InstanceId, e: &Expression, depth: usize) -> Dep {
    let project = cx.project;
    if depth > MAX_DEPTH {
        return Dep::No;
    }
    let d = depth + 1;
    let instance = &project.instances[inst];
    let module = &project.modules[instance.module];
    match e {
        Expression::Conditional(c) => match eval(project, instance, &c.cond_expr).as_bool() {
            Some(true) => dep(cx, inst, &c.true_expr, d),
            Some(false) => dep(cx, inst, &c.false_expr, d),
            None => {
                let cond = dep(cx, inst, &c.cond_expr, d);
                if cond == Dep::Yes {
                    return Dep::Yes;
                }
                let branches = dep(cx, inst, &c.true_expr, d).max(dep(cx, inst, &c.false_expr, d));
                cond.max(branches.min(Dep::Maybe))
            }
        },
        Expression::Traversal(t) => {
            let mut out = Dep::No;
            for op in &t.operators {
                if let TraversalOperator::Index(ix) = op.value() {
                    out = out.max(dep(cx, inst, ix, d));
                }
            }
            let Some(root) = t.expr.as_variable() else {
                return out.max(dep(cx, inst, &t.expr, d));
            };
            let ops = &t.operators;
            let attr = |i: usize| match ops.get(i).map(|o| o.value()) {
                Some(TraversalOperator::GetAttr(a)) => Some(a.as_str()),
                _ => None,
            };
            let own = match root.as_str() {
                "var" => match attr(0).and_then(|n| project.caller_argument(inst, n)) {
                    Some((p, expr)) => dep(cx, p, expr, d),
                    None => Dep::No,
                },
                "local" => match attr(0).and_then(|n| module.locals.get(n)) {
                    Some(l) => dep(cx, inst, &l.expr, d),
                    None => Dep::No,
                },
                "module" => {
                    let Some(call) = attr(0) else { return out };
                    let (key, output) = project.module_output_read(instance, ops);
                    match output {
                        Some(o) => cx
                            .project
                            .call_outputs(inst, call, key.as_ref(), o)
                            .into_iter()
                            .map(|(c, expr)| dep(cx, c, expr, d))
                            .max()
                            .unwrap_or(Dep::No),
                        None => Dep::No,
                    }
                }
                "data" | "count" | "each" | "path" | "terraform" | "self" => Dep::No,
                ty => match attr(0)
                    .and_then(|n| cx.idx[instance.module].managed.get(&(ty, n)).copied())
                {
                    Some(r) => {
                        let skip = usize::from(matches!(
                            ops.get(1).map(|o| o.value()),
                            Some(
                                TraversalOperator::Index(_)
                                    | TraversalOperator::LegacyIndex(_)
                                    | TraversalOperator::FullSplat(_)
                                    | TraversalOperator::AttrSplat(_)
                            )
                        ));
                        match attr(1 + skip) {
                            // The whole object (`length(aws_subnet.x)`) has a known length.
                            None => Dep::No,
                            Some(a) => match r.attr(a) {
                                Some(set) => dep(cx, inst, &set.value, d),
                                None => Dep::Yes,
                            },
                        }
                    }
                    None => Dep::No,
                },
            };
            out.max(own)
        }
        // A list's length can be known while its elements are not: the
        // length of `aws_instance.app[*].id` is the count.
        Expression::FuncCall(f)
            if f.name.name.as_str() == "length" && f.args.iter().count() == 1 =>
        {
            f.args
                .iter()
                .map(|a| len_dep(cx, inst, a, d))
                .max()
                .unwrap_or(Dep::No)
        }
        Expression::FuncCall(f) => f
            .args
            .iter()
            .map(|a| dep(cx, inst, a, d))
            .max()
            .unwrap_or(Dep::No),
        Expression::Array(a) => a
            .iter()
            .map(|x| dep(cx, inst, x, d))
            .max()
            .unwrap_or(Dep::No),
        Expression::Object(o) => o
            .iter()
            .map(|(k, v)| {
                let kd = match k {
                    ObjectKey::Expression(ke) => dep(cx, inst, ke, d),
                    ObjectKey::Ident(_) => Dep::No,
                };
                kd.max(dep(cx, inst, v.expr(), d))
            })
            .max()
            .unwrap_or(Dep::No),
        Expression::Parenthesis(p) => dep(cx, inst, p.inner(), d),
        Expression::UnaryOp(u) => dep(cx, inst, &u.expr, d),
        Expression::BinaryOp(b) => {
            let both = dep(cx, inst, &b.lhs_expr, d).max(dep(cx, inst, &b.rhs_expr, d));
            // Terraform may know an unknown attribute is not null (value
            // refinements): a null test is only possibly unknown at plan.
            let null_test = matches!(
                b.operator.value(),
                BinaryOperator::Eq | BinaryOperator::NotEq
            ) && (b.lhs_expr.is_null() || b.rhs_expr.is_null());
            if null_test {
                both.min(Dep::Maybe)
            } else {
                both
            }
        }
        Expression::StringTemplate(t) => template(cx, inst, t, d),
        Expression::HeredocTemplate(h) => template(cx, inst, &h.template, d),
        Expression::ForExpr(f) => {
            let mut out = dep(cx, inst, &f.intro.collection_expr, d);
            if let Some(k) = &f.key_expr {
                out = out.max(dep(cx, inst, k, d));
            }
            out = out.max(dep(cx, inst, &f.value_expr, d));
            if let Some(c) = &f.cond {
                out = out.max(dep(cx, inst, &c.expr, d));
            }
            out
        }
        _ => Dep::No,
    }
}

/// What the length of a collection depends on: a list literal, a splat of
/// a resource (its `count`, checked on its own) and a `for` without a
/// condition keep their length known even when their elements are not;
/// anything else (`toset`, `compact`, a filtered `for`) may merge or drop
/// unknown elements, so its length depends on them.
fn len_dep(cx: &Ctx<'_>, inst: InstanceId, e: &Expression, depth: usize) -> Dep {
    let project = cx.project;
    if depth > MAX_DEPTH {
        return Dep::No;
    }
    let d = depth + 1;
    let instance = &project.instances[inst];
    let module = &project.modules[instance.module];
    match e {
        Expression::Array(_) => Dep::No,
        Expression::Parenthesis(p) => len_dep(cx, inst, p.inner(), d),
        Expression::ForExpr(f) if f.cond.is_none() => {
            len_dep(cx, inst, &f.intro.collection_expr, d)
        }
        Expression::FuncCall(f)
            if matches!(
                f.name.name.as_str(),
                "concat" | "tolist" | "flatten" | "values" | "keys"
            ) =>
        {
            f.args
                .iter()
                .map(|a| len_dep(cx, inst, a, d))
                .max()
                .unwrap_or(Dep::No)
        }
        Expression::Conditional(c) => match eval(project, instance, &c.cond_expr).as_bool() {
            Some(true) => len_dep(cx, inst, &c.true_expr, d),
            Some(false) => len_dep(cx, inst, &c.false_expr, d),
            None => dep(cx, inst, &c.cond_expr, d)
                .max(len_dep(cx, inst, &c.true_expr, d))
                .max(len_dep(cx, inst, &c.false_expr, d)),
        },
        Expression::Traversal(t) => {
            let ops = &t.operators;
            let splat = |i: usize| {
                matches!(
                    ops.get(i).map(|o| o.value()),
                    Some(TraversalOperator::FullSplat(_) | TraversalOperator::AttrSplat(_))
                )
            };
            let Some(root) = t.expr.as_variable() else {
                // `values(aws_subnet.x)[*].id`: as long as what is splatted.
                return if splat(0) {
                    len_dep(cx, inst, &t.expr, d)
                } else {
                    dep(cx, inst, e, d)
                };
            };
            let attr = |i: usize| match ops.get(i).map(|o| o.value()) {
                Some(TraversalOperator::GetAttr(a)) => Some(a.as_str()),
                _ => None,
            };
            let resource = |ty: &str| {
                attr(0).is_some_and(|n| cx.idx[instance.module].managed.contains_key(&(ty, n)))
            };
            match root.as_str() {
                "var" if ops.len() == 1 => {
                    match attr(0).and_then(|n| project.caller_argument(inst, n)) {
                        Some((p, expr)) => len_dep(cx, p, expr, d),
                        None => Dep::No,
                    }
                }
                "local" if ops.len() == 1 => match attr(0).and_then(|n| module.locals.get(n)) {
                    Some(l) => len_dep(cx, inst, &l.expr, d),
                    None => Dep::No,
                },
                "module" if ops.len() == 2 => match (attr(0), attr(1)) {
                    (Some(call), Some(o)) => cx
                        .project
                        .call_outputs(inst, call, None, o)
                        .into_iter()
                        .map(|(c, expr)| len_dep(cx, c, expr, d))
                        .max()
                        .unwrap_or(Dep::No),
                    _ => dep(cx, inst, e, d),
                },
                // `aws_x.y[*].id`, or the whole `aws_x.y`: its count or keys.
                ty if (splat(1) || ops.len() == 1) && resource(ty) => Dep::No,
                _ => dep(cx, inst, e, d),
            }
        }
        _ => dep(cx, inst, e, d),
    }
}

fn template(cx: &Ctx<'_>, inst: InstanceId, t: &Template, d: usize) -> Dep {
    t.iter()
        .map(|el| match el {
            Element::Literal(_) => Dep::No,
            Element::Interpolation(i) => dep(cx, inst, &i.expr, d),
            Element::Directive(dir) => {
                match &**dir {
                    Directive::If(i) => dep(cx, inst, &i.if_expr.cond_expr, d)
                        .max(template(cx, inst, &i.if_expr.template, d))
                        .max(
                            i.else_expr
                                .as_ref()
                                .map_or(Dep::No, |e| template(cx, inst, &e.template, d)),
                        ),
                    Directive::For(f) => dep(cx, inst, &f.for_expr.collection_expr, d)
                        .max(template(cx, inst, &f.for_expr.template, d)),
                }
            }
        })
        .max()
        .unwrap_or(Dep::No)
}
