use super::prelude::*;

pub(super) fn nacl(cx: &mut FixCx<'_>) {
    let (Some(vpc), Some(cidr), Some(public)) = (cx.vpc_id(), cx.vpc_cidr(), cx.subnets(true))
    else {
        return missing(cx, "nacl", "the VPC, its CIDR and its public subnets");
    };
    let private = cx.subnets(false);
    let mut inputs = base_inputs(cx, true);
    inputs.push(("vpc_id", vpc.expr));
    inputs.push(("vpc_cidr_block", cidr.expr));
    inputs.push(("public_subnet_ids", public.expr));
    if let Some(p) = private {
        inputs.push(("private_subnet_ids", p.expr));
    }
    let inputs = with_tags(cx, inputs);
    cx.add_module(
        "nacl",
        "Network ACLs for the public and private subnets",
        None,
        &inputs,
    );
}
