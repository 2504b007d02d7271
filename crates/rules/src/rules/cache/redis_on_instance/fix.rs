use crate::fixing::prelude::*;

pub(crate) static FIXER: Fixer = Fixer {
    id: "elasticache",
    title: "Managed Redis (ElastiCache)",
    phase: Phase::Two,
    order: 130,
    needs: &[],
    also_when: &[],
    run: elasticache,
};

pub(crate) fn elasticache(cx: &mut FixCx<'_>) {
    let (Some(vpc), Some(subnets), Some(sg)) =
        (cx.vpc_id(), cx.subnets(false), cx.app_security_group())
    else {
        return missing(
            cx,
            "elasticache",
            "the VPC, private subnets and the app's security group",
        );
    };
    let mut inputs = base_inputs(cx, true);
    inputs.push(("vpc_id", vpc.expr));
    inputs.push(("private_subnet_ids", subnets.expr));
    inputs.push(("app_security_group_id", sg.expr));
    let inputs = with_tags(cx, inputs);
    if cx.add_module(
        "elasticache",
        "Managed Redis: encrypted, auth token, Multi-AZ in prod, snapshots",
        None,
        &inputs,
    ) {
        cx.add_output(
            "redis_url",
            "Redis endpoint for the app (the auth token is in Secrets Manager)",
            &cx.module_ref("elasticache", "url"),
        );
        remove_from_user_data(
            cx,
            crate::helpers::RUNS_REDIS,
            "Redis runs in ElastiCache (output redis_url)",
        );
        cx.next_steps.push("Point the app's REDIS_URL at output redis_url; its auth token is in the secret module.elasticache.auth_token_secret_arn".into());
    }
}
