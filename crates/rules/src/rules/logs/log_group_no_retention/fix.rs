//! Log groups keep logs for a year in production (what compliance
//! baselines ask for) and a month elsewhere, instead of forever.

use crate::fixing::prelude::*;

pub(crate) static FIXER: Fixer = Fixer {
    id: "log_retention",
    title: "Log groups keep logs for a set time",
    phase: Phase::QuickWin,
    order: 250,
    needs: &[],
    also_when: &[],
    run: log_retention,
};

pub(crate) fn log_retention(cx: &mut FixCx<'_>) {
    let groups: Vec<_> = cx
        .project
        .resources_of("aws_cloudwatch_log_group")
        .filter(|g| match g.eval("retention_in_days") {
            None => true,
            Some(v) => v.as_f64() == Some(0.0),
        })
        .collect();
    for g in groups {
        let value = match prod_condition(cx, &g) {
            Some(c) => format!("{c} ? 365 : 30"),
            None => "365".into(),
        };
        if cx
            .edit_resource(&g, |b| {
                set_attr(&mut b.body, "retention_in_days", &value, "  ")
            })
            .unwrap_or(false)
        {
            cx.done.push(format!(
                "{}: {} keeps logs for a set time ({value} days)",
                cx.file_of(&g),
                g.address()
            ));
        }
    }
}
