//! Following values across modules: which resource an expression's value
//! comes from (through variables, locals, module outputs and conditionals),
//! and which provider configuration, in which region, a resource uses.

use tfready_model::ast::Element;
use tfready_model::ast::{Expression, TraversalOperator};
use tfready_model::{Evaluator, Instance, InstanceEnv, InstanceId, Project, Resource, Value};

use crate::Ctx;

/// Evaluates an expression in a module instance.
pub(crate) fn eval(project: &Project, inst: &Instance, e: &Expression) -> Value {
    let env = InstanceEnv {
        project,
        instance: inst,
    };
    Evaluator::new(&env).eval(e)
}

/// A resource an expression refers to, in a given instance.
#[derive(Clone)]
pub(crate) struct Origin<'p> {
    pub instance: InstanceId,
    pub resource: &'p Resource,
}

/// Where an expression's value may come from.
#[derive(Default)]
pub(crate) struct Traced<'p> {
    pub resources: Vec<Origin<'p>>,
    /// Root module variables the value comes from.
    pub root_vars: Vec<String>,
    /// A conditional on the way had an unknown condition: the value may
    /// come from any branch.
    pub uncertain: bool,
}

const MAX_DEPTH: usize = 24;

/// The resources (and root variables) an expression's value comes from.
pub(crate) fn trace<'p>(cx: &Ctx<'p>, inst: InstanceId, e: &'p Expression) -> Traced<'p> {
    let mut t = Traced::default();
    walk(cx, inst, e, 0, &mut t);
    t
}

/// The expression a variable of a (child) instance gets from its call.
pub(crate) fn parent_arg<'p>(
    project: &'p Project,
    inst: InstanceId,
    name: &str,
) -> Option<(InstanceId, &'p Expression)> {
    let (pid, ci) = project.instances[inst].parent?;
    let parent = &project.instances[pid];
    let call = project.modules[parent.module].calls.get(ci)?;
    call.block.body.get_attribute(name).map(|a| (pid, &a.value))
}

/// The `value` expressions of an output in the instances of a module call.
pub(crate) fn call_outputs<'p>(
    cx: &Ctx<'p>,
    inst: InstanceId,
    call: &str,
    key: Option<&Value>,
    output: &str,
) -> Vec<(InstanceId, &'p Expression)> {
    let project = cx.project;
    let i = &project.instances[inst];
    let Some(&ci) = cx.idx[i.module].call_pos.get(call) else {
        return Vec::new();
    };
    let children = i.children.get(&ci).cloned().unwrap_or_default();
    children
        .into_iter()
        .filter(|&c| match (key, &project.instances[c].key) {
            (Some(k), Some(ck)) if !k.is_unknown() => tfready_model::values_equal(k, ck),
            _ => true,
        })
        .filter_map(|c| {
            let child = &project.instances[c];
            let out = project.modules[child.module].outputs.get(output)?;
            out.block.body.get_attribute("value").map(|a| (c, &a.value))
        })
        .collect()
}

fn walk<'p>(cx: &Ctx<'p>, inst: InstanceId, e: &'p Expression, depth: usize, t: &mut Traced<'p>) {
    let project = cx.project;
    if depth > MAX_DEPTH {
        return;
    }
    let instance = &project.instances[inst];
    let module = &project.modules[instance.module];
    match e {
        Expression::Parenthesis(p) => walk(cx, inst, p.inner(), depth + 1, t),
        Expression::Conditional(c) => match eval(project, instance, &c.cond_expr).as_bool() {
            Some(true) => walk(cx, inst, &c.true_expr, depth + 1, t),
            Some(false) => walk(cx, inst, &c.false_expr, depth + 1, t),
            None => {
                t.uncertain = true;
                walk(cx, inst, &c.true_expr, depth + 1, t);
                walk(cx, inst, &c.false_expr, depth + 1, t);
            }
        },
        Expression::FuncCall(f) => {
            for a in f.args.iter() {
                walk(cx, inst, a, depth + 1, t);
            }
        }
        Expression::StringTemplate(s) => {
            for el in s.iter() {
                if let Element::Interpolation(i) = el {
                    walk(cx, inst, &i.expr, depth + 1, t);
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
                    } else if let Some((p, expr)) = parent_arg(project, inst, name) {
                        walk(cx, p, expr, depth + 1, t);
                    }
                }
                "local" => {
                    if let Some(l) = attr(0).and_then(|n| module.locals.get(n)) {
                        walk(cx, inst, &l.expr, depth + 1, t);
                    }
                }
                "module" => {
                    let Some(call) = attr(0) else { return };
                    let (key, out) = match ops.get(1).map(|o| o.value()) {
                        Some(TraversalOperator::Index(k)) => {
                            (Some(eval(project, instance, k)), attr(2))
                        }
                        Some(TraversalOperator::LegacyIndex(n)) => {
                            (Some(Value::Number(*n.value() as f64)), attr(2))
                        }
                        Some(TraversalOperator::GetAttr(_)) => (None, attr(1)),
                        _ => (None, attr(2)),
                    };
                    let Some(out) = out else { return };
                    for (c, expr) in call_outputs(cx, inst, call, key.as_ref(), out) {
                        walk(cx, c, expr, depth + 1, t);
                    }
                }
                "count" | "each" | "path" | "terraform" | "self" => {}
                "data" => {
                    if let (Some(ty), Some(name)) = (attr(0), attr(1)) {
                        if let Some(&r) = cx.idx[instance.module].data.get(&(ty, name)) {
                            t.resources.push(Origin {
                                instance: inst,
                                resource: r,
                            });
                        }
                    }
                }
                ty => {
                    if let Some(name) = attr(0) {
                        if let Some(&r) = cx.idx[instance.module].managed.get(&(ty, name)) {
                            t.resources.push(Origin {
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

/// The region a resource is created in, as far as the configuration tells.
pub(crate) struct Region {
    pub value: Value,
    /// The region is not a literal (a variable, a local, ...): its value
    /// may differ from the one evaluated here.
    pub from_input: bool,
    /// Which configuration sets it, for messages.
    pub described: String,
}

/// Resolves the provider configuration of a resource (its `provider`
/// meta-argument, the `providers` maps of the module calls, or the inherited
/// default configuration) and evaluates its `region`. Provider 6's
/// per-resource `region` argument wins.
pub(crate) fn region_of(project: &Project, inst: InstanceId, r: &Resource) -> Region {
    let instance = &project.instances[inst];
    if let Some(a) = r.attr("region") {
        return Region {
            value: eval(project, instance, &a.value),
            from_input: !is_literal(&a.value),
            described: format!("the `region` argument of {}", r.address()),
        };
    }
    let mut alias: Option<String> = r
        .attr("provider")
        .and_then(|a| a.value.as_traversal())
        .and_then(|t| match t.operators.first().map(|o| o.value()) {
            Some(TraversalOperator::GetAttr(a)) => Some(a.as_str().to_string()),
            _ => None,
        });
    let mut cur = inst;
    for _ in 0..64 {
        let i = &project.instances[cur];
        let module = &project.modules[i.module];
        let block = module.providers.iter().find(|p| {
            p.name == "aws"
                && p.block
                    .body
                    .get_attribute("alias")
                    .and_then(|a| a.value.as_str())
                    == alias.as_deref()
        });
        if let Some(p) = block {
            let name = match &alias {
                Some(a) => format!("provider aws.{a}"),
                None => "the default aws provider".to_string(),
            };
            let at = project.location(p.file, &p.span.range);
            return match p.block.body.get_attribute("region") {
                Some(a) => Region {
                    value: eval(project, i, &a.value),
                    from_input: !is_literal(&a.value),
                    described: format!("{name} ({}:{})", at.file, at.line),
                },
                None => Region {
                    value: Value::Unknown,
                    from_input: true,
                    described: format!(
                        "{name} ({}:{}), whose region comes from the environment",
                        at.file, at.line
                    ),
                },
            };
        }
        let Some((pid, ci)) = i.parent else { break };
        let parent = &project.instances[pid];
        let call = &project.modules[parent.module].calls[ci];
        let key = match &alias {
            Some(a) => format!("aws.{a}"),
            None => "aws".to_string(),
        };
        let mapped = call
            .block
            .body
            .get_attribute("providers")
            .and_then(|a| a.value.as_object())
            .and_then(|o| {
                o.iter().find_map(|(k, v)| {
                    let k_text = match k {
                        tfready_model::ast::ObjectKey::Ident(id) => id.as_str().to_string(),
                        tfready_model::ast::ObjectKey::Expression(e) => traversal_text(e)?,
                    };
                    (k_text == key).then(|| traversal_text(v.expr())).flatten()
                })
            });
        match mapped {
            Some(target) => alias = target.strip_prefix("aws.").map(str::to_string),
            None if alias.is_some() => break,
            None => {}
        }
        cur = pid;
    }
    Region {
        value: Value::Unknown,
        from_input: true,
        described: "the aws provider, whose region comes from the environment".to_string(),
    }
}

/// `aws` or `aws.east` as text.
fn traversal_text(e: &Expression) -> Option<String> {
    match e {
        Expression::Variable(v) => Some(v.as_str().to_string()),
        Expression::Traversal(t) => {
            let mut s = t.expr.as_variable()?.as_str().to_string();
            for op in &t.operators {
                match op.value() {
                    TraversalOperator::GetAttr(a) => {
                        s.push('.');
                        s.push_str(a.as_str());
                    }
                    _ => return None,
                }
            }
            Some(s)
        }
        _ => None,
    }
}

/// A literal value, with no reference in it.
pub(crate) fn is_literal(e: &Expression) -> bool {
    match e {
        Expression::Null(_)
        | Expression::Bool(_)
        | Expression::Number(_)
        | Expression::String(_) => true,
        Expression::StringTemplate(t) => t.iter().all(|el| matches!(el, Element::Literal(_))),
        Expression::Array(a) => a.iter().all(is_literal),
        Expression::Object(o) => o.iter().all(|(_, v)| is_literal(v.expr())),
        Expression::Parenthesis(p) => is_literal(p.inner()),
        _ => false,
    }
}
