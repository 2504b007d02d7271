use crate::fixing::prelude::*;

pub(crate) static FIXER: Fixer = Fixer {
    id: "nacl",
    title: "Network ACLs",
    phase: Phase::Four,
    order: 220,
    needs: &[],
    also_when: &[],
    run: nacl,
};

pub(crate) fn nacl(cx: &mut FixCx<'_>) {
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
    // The ports the ACLs let through are the stack's: what its target
    // groups forward to (the alb module's 80 when it has none), and what its
    // databases and cache listen on.
    let mut app: Vec<u32> = cx
        .project
        .resources_of("aws_lb_target_group")
        .filter_map(|tg| tg.eval("port").and_then(|v| v.as_f64()))
        .map(|p| p as u32)
        .collect();
    if app.is_empty() {
        app.push(80);
    }
    let mut private: Vec<u32> = cx
        .project
        .resources_of("aws_db_instance")
        .chain(cx.project.resources_of("aws_rds_cluster"))
        .filter_map(|db| {
            db.eval("port")
                .and_then(|v| v.as_f64())
                .map(|p| p as u32)
                .or_else(|| {
                    let engine = db.eval("engine").and_then(|v| v.as_string())?;
                    engine_port(&engine)
                })
        })
        .collect();
    let cache = root_calls(cx, "elasticache")
        || [
            "aws_elasticache_replication_group",
            "aws_elasticache_cluster",
        ]
        .iter()
        .any(|t| cx.project.resources_of(t).next().is_some());
    if cache {
        private.push(6379);
    }
    for ports in [&mut app, &mut private] {
        ports.sort_unstable();
        ports.dedup();
    }
    let list = |p: &[u32]| {
        format!(
            "[{}]",
            p.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
        )
    };
    inputs.push(("app_ports", list(&app)));
    inputs.push(("private_ports", list(&private)));
    let inputs = with_tags(cx, inputs);
    cx.add_module(
        "nacl",
        "Network ACLs for the public and private subnets",
        None,
        &inputs,
    );
}

/// The port a database engine listens on by default.
fn engine_port(engine: &str) -> Option<u32> {
    let e = engine.to_ascii_lowercase();
    if e.contains("postgres") {
        Some(5432)
    } else if e.contains("mysql") || e.contains("mariadb") {
        Some(3306)
    } else if e.starts_with("sqlserver") {
        Some(1433)
    } else if e.starts_with("oracle") {
        Some(1521)
    } else if e.starts_with("db2") {
        Some(50000)
    } else {
        None
    }
}
