use super::prelude::*;

pub(super) fn config(cx: &mut FixCx<'_>) {
    let base = base_inputs(cx, true);
    let inputs = with_tags(cx, base);
    cx.add_module(
        "config",
        "AWS Config recorder and delivery channel",
        None,
        &inputs,
    );
}
