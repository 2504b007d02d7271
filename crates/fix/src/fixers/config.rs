use super::prelude::*;

pub(super) fn config(cx: &mut FixCx<'_>) {
    let inputs = with_tags(cx, base_inputs(cx, true));
    cx.add_module(
        "config",
        "AWS Config recorder and delivery channel (roadmap 6, phase 4)",
        None,
        &inputs,
    );
}
