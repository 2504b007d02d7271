//! Which provider configuration, in which region, a resource uses; and
//! evaluating an expression in a module instance. Where a value comes from
//! is the model's (`Project::value_sources`).

use tfready_model::ast::Element;
use tfready_model::ast::{Expression, TraversalOperator};
use tfready_model::{Evaluator, Instance, InstanceEnv, InstanceId, Project, Resource, Value};

/// Evaluates an expression in a module instance.
pub(crate) fn eval(project: &Project, inst: &Instance, e: &Expression) -> Value {
    let env = InstanceEnv {
        project,
        instance: inst,
    };
    Evaluator::new(&env).eval(e)
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
