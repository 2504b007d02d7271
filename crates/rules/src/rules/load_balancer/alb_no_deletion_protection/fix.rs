//! Production load balancers keep their DNS name through a bad plan:
//! `enable_deletion_protection` on internet-facing ones, in production only
//! (TFR944). An in-place change; an expression the user already wrote is
//! left alone unless the stack is loaded as production.

use crate::fixing::prelude::*;
use tfready_model::ResourceRef;

pub(crate) static FIXER: Fixer = Fixer {
    id: "alb_deletion_protection",
    title: "Deletion protection on production load balancers",
    phase: Phase::Two,
    order: 120,
    needs: &[],
    also_when: &[],
    run: alb_deletion_protection,
};

pub(crate) fn alb_deletion_protection(cx: &mut FixCx<'_>) {
    let lbs: Vec<ResourceRef<'_>> = cx
        .project
        .resources_of("aws_lb")
        .filter(|lb| lb.eval("internal").and_then(|v| v.as_bool()) != Some(true))
        .filter(|lb| {
            lb.eval("enable_deletion_protection")
                .and_then(|v| v.as_bool())
                != Some(true)
        })
        .collect();
    let prod_now = tfready_model::environments::is_prod(
        cx.project.environment().as_deref().unwrap_or_default(),
    );
    for lb in lbs {
        // Loaded as another environment, an expression (not a plain
        // `false`) may well be true in production: the user's to judge.
        let expression = lb
            .attr("enable_deletion_protection")
            .is_some_and(|x| per_environment(&x) || x.source_text().trim() != "false");
        if expression && !prod_now {
            continue;
        }
        // On in production, off elsewhere (stacks there are torn down on
        // purpose); plain `true` in a stack that is only production.
        let value = match prod_condition(cx, &lb) {
            Some(c) => c,
            None if prod_now => "true".to_string(),
            None => continue,
        };
        let changed = cx
            .edit_resource(&lb, |b| {
                set_attr(&mut b.body, "enable_deletion_protection", &value, "  ")
            })
            .unwrap_or(false);
        if changed {
            cx.done.push(format!(
                "{}: {} sets enable_deletion_protection = {value}",
                cx.file_of(&lb),
                lb.address()
            ));
        }
    }
}
