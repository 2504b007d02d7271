use crate::fixing::prelude::*;

pub(crate) static FIXER: Fixer = Fixer {
    id: "backup",
    title: "AWS Backup plan for the database and instances",
    phase: Phase::Three,
    order: 180,
    needs: &[],
    also_when: &[],
    run: backup,
};

pub(crate) fn backup(cx: &mut FixCx<'_>) {
    let mut arns = Vec::new();
    if let Some(d) = cx.database("arn") {
        arns.push(format!("[{}]", d.expr));
    }
    if let Some(c) = cx.expose_first("aws_rds_cluster", "arn", |_| true) {
        arns.push(format!("[{}]", c.expr));
    }
    if let Some(i) = cx.instances("arn") {
        arns.push(i.expr);
    }
    if arns.is_empty() {
        return;
    }
    let mut inputs = base_inputs(cx, true);
    let arns = if arns.len() == 1 {
        arns.remove(0)
    } else {
        format!("concat({})", arns.join(", "))
    };
    inputs.push(("resource_arns", arns));
    let inputs = with_tags(cx, inputs);
    cx.add_module(
        "backup",
        "AWS Backup: daily and weekly rules, vault, selection",
        None,
        &inputs,
    );
}
