//! Pricers: ElastiCache replication groups and clusters.

use super::*;

pub(super) fn elasticache_engine(b: &BlockRef<'_>, draft: &mut Draft) -> String {
    match string(b, "engine") {
        Setting::Set(e) => e,
        _ => {
            draft.assume("engine not set: redis");
            "redis".to_string()
        }
    }
}

pub(super) fn elasticache_group(
    est: &mut Estimator<'_>,
    r: &ResourceRef<'_>,
    draft: &mut Draft,
    copies: f64,
) {
    let body = r.body();
    let engine = elasticache_engine(&body, draft);
    let nodes = match (
        num(&body, "num_cache_clusters"),
        num(&body, "num_node_groups"),
        num(&body, "replicas_per_node_group"),
    ) {
        (Setting::Set(c), _, _) => Some((c, format!("{} nodes (num_cache_clusters)", number(c)))),
        (_, Setting::Set(groups), replicas) => {
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
        (Setting::Unknown(src), _, _) | (_, Setting::Unknown(src), _) => {
            draft.unknown(format!("node count `{src}` is known only at apply"));
            None
        }
        _ => {
            draft.assume("num_cache_clusters not set: 1 node");
            Some((1.0, "1 node".to_string()))
        }
    };
    let Some((nodes, nodes_text)) = nodes else {
        return;
    };
    node_charge(est, &body, draft, &engine, nodes * copies, nodes_text);
}

pub(super) fn elasticache_cluster(
    est: &mut Estimator<'_>,
    r: &ResourceRef<'_>,
    draft: &mut Draft,
    copies: f64,
) {
    let body = r.body();
    if r.attr("replication_group_id").is_some() {
        draft.free = Some("member of a replication group, priced on the group's line".to_string());
        return;
    }
    let engine = elasticache_engine(&body, draft);
    let nodes = match num(&body, "num_cache_nodes") {
        Setting::Set(c) => c,
        _ => 1.0,
    };
    node_charge(
        est,
        &body,
        draft,
        &engine,
        nodes * copies,
        format!("{} nodes", number(nodes)),
    );
}

pub(super) fn node_charge(
    est: &mut Estimator<'_>,
    body: &BlockRef<'_>,
    draft: &mut Draft,
    engine: &str,
    nodes: f64,
    nodes_text: String,
) {
    match string(body, "node_type") {
        Setting::Set(node_type) => {
            est.charge(
                draft,
                &format!("elasticache.node.{engine}.{node_type}"),
                format!("{node_type} {engine} nodes"),
                nodes * 730.0,
                Some(format!("{nodes_text} × 730 h")),
                None,
            );
        }
        Setting::Unset => draft.unknown("node_type is not set".into()),
        Setting::Unknown(src) => draft.unknown(format!("node_type `{src}` is known only at apply")),
    }
    if draft.resource_type == "aws_elasticache_replication_group" {
        let gb = est.usage(draft, "snapshot_storage_gb");
        if gb.value > 0.0 {
            est.charge(
                draft,
                "elasticache.backup-storage",
                "snapshot storage",
                gb.value,
                None,
                Some(gb),
            );
        }
    }
}
