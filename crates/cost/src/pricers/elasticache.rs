//! Pricers: ElastiCache replication groups and clusters.

use super::*;

pub(super) fn elasticache_engine(b: &BlockRef<'_>, d: &mut Draft) -> String {
    match string(b, "engine") {
        Got::Set(e) => e,
        _ => {
            d.assume("engine not set: redis");
            "redis".to_string()
        }
    }
}

pub(super) fn elasticache_group(
    est: &mut Estimator<'_>,
    r: &ResourceRef<'_>,
    d: &mut Draft,
    n: f64,
) {
    let body = r.body();
    let engine = elasticache_engine(&body, d);
    let nodes = match (
        num(&body, "num_cache_clusters"),
        num(&body, "num_node_groups"),
        num(&body, "replicas_per_node_group"),
    ) {
        (Got::Set(c), _, _) => Some((c, format!("{} nodes (num_cache_clusters)", number(c)))),
        (_, Got::Set(groups), replicas) => {
            let replicas = replicas.known().unwrap_or(0.0);
            Some((
                groups * (replicas + 1.0),
                format!(
                    "{} shards × {} nodes",
                    number(groups),
                    number(replicas + 1.0)
                ),
            ))
        }
        (Got::Unknown(src), _, _) | (_, Got::Unknown(src), _) => {
            d.unknown(format!("node count `{src}` is known only at apply"));
            None
        }
        _ => {
            d.assume("num_cache_clusters not set: 1 node");
            Some((1.0, "1 node".to_string()))
        }
    };
    let Some((nodes, nodes_text)) = nodes else {
        return;
    };
    node_charge(est, &body, d, &engine, nodes * n, nodes_text);
}

pub(super) fn elasticache_cluster(
    est: &mut Estimator<'_>,
    r: &ResourceRef<'_>,
    d: &mut Draft,
    n: f64,
) {
    let body = r.body();
    if r.attr("replication_group_id").is_some() {
        d.free = Some("member of a replication group, priced on the group's line".to_string());
        return;
    }
    let engine = elasticache_engine(&body, d);
    let nodes = match num(&body, "num_cache_nodes") {
        Got::Set(c) => c,
        _ => 1.0,
    };
    node_charge(
        est,
        &body,
        d,
        &engine,
        nodes * n,
        format!("{} nodes", number(nodes)),
    );
}

pub(super) fn node_charge(
    est: &mut Estimator<'_>,
    body: &BlockRef<'_>,
    d: &mut Draft,
    engine: &str,
    nodes: f64,
    nodes_text: String,
) {
    match string(body, "node_type") {
        Got::Set(node_type) => {
            est.charge(
                d,
                &format!("elasticache.node.{engine}.{node_type}"),
                format!("{node_type} {engine} nodes"),
                nodes * 730.0,
                Some(format!("{nodes_text} × 730 h")),
                None,
            );
        }
        Got::Unset => d.unknown("node_type is not set".into()),
        Got::Unknown(src) => d.unknown(format!("node_type `{src}` is known only at apply")),
    }
    if d.resource_type == "aws_elasticache_replication_group" {
        let gb = est.usage(d, "snapshot_storage_gb");
        if gb.value > 0.0 {
            est.charge(
                d,
                "elasticache.backup-storage",
                "snapshot storage",
                gb.value,
                None,
                Some(gb),
            );
        }
    }
}
