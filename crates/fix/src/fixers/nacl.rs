use super::prelude::*;

pub(super) fn nacl(cx: &mut FixCx<'_>) {
    let (Some(vpc), Some(cidr), Some(public), Some(private)) = (
        cx.vpc_id(),
        cx.vpc_cidr(),
        cx.subnets(true),
        cx.subnets(false),
    ) else {
        return missing(cx, "nacl", "the VPC, its CIDR and its subnets");
    };
    let mut inputs = base_inputs(cx, true);
    inputs.push(("vpc_id", vpc.expr));
    inputs.push(("vpc_cidr_block", cidr.expr));
    inputs.push(("public_subnet_ids", public.expr));
    inputs.push(("private_subnet_ids", private.expr));
    let inputs = with_tags(cx, inputs);
    cx.add_module(
        "nacl",
        "Network ACLs for the public and private subnets (roadmap 6, phase 4)",
        None,
        &inputs,
    );
}
