use crate::fixing::prelude::*;

pub(crate) static FIXER: Fixer = Fixer {
    id: "config",
    title: "AWS Config recorder",
    phase: Phase::Four,
    order: 210,
    needs: &[],
    also_when: &[],
    run: config,
};

pub(crate) fn config(cx: &mut FixCx<'_>) {
    let base = base_inputs(cx, true);
    let inputs = with_tags(cx, base);
    cx.add_module(
        "config",
        "AWS Config recorder and delivery channel",
        None,
        &inputs,
    );
}
