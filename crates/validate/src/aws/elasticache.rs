//! ElastiCache replication group.

use super::*;

pub(super) fn elasticache(r: &ResourceRef<'_>, out: &mut Vec<Problem>) {
    let failover = r.eval("automatic_failover_enabled");
    let multi_az = r.eval("multi_az_enabled");
    let replicas = r.eval("replicas_per_node_group");
    let clusters = r.eval("num_cache_clusters");
    // Nodes per shard: primary + replicas. Without either argument AWS
    // creates a single node.
    let (nodes, nodes_attr): (Option<f64>, &str) = if is_set(&replicas) {
        (
            known_num(&replicas).map(|n| n + 1.0),
            "replicas_per_node_group",
        )
    } else if is_set(&clusters) {
        (known_num(&clusters), "num_cache_clusters")
    } else {
        (Some(1.0), "num_cache_clusters")
    };
    let location = |name: &str| r.attr(name).map_or_else(|| r.location(), |a| a.location());
    for (flag, name) in [
        (&failover, "automatic_failover_enabled"),
        (&multi_az, "multi_az_enabled"),
    ] {
        if !is_set(flag) {
            continue;
        }
        let on = flag.as_ref().and_then(Value::as_bool);
        if on == Some(false) {
            continue;
        }
        let fix = format!("Set num_cache_clusters to at least 2 (a primary and a replica) when {name} is true, e.g. num_cache_clusters = var.environment == \"prod\" ? 2 : 1 with {name} = var.environment == \"prod\".");
        match (on, nodes) {
            (Some(true), Some(n)) if n < 2.0 => {
                let message = format!("{name} = true requires at least 2 cache clusters (a primary and a read replica), but {nodes_attr} gives {} node(s): CreateReplicationGroup fails.", count(n));
                out.push(emit(
                    r,
                    true,
                    "aws-elasticache-failover",
                    location(name),
                    message,
                    fix,
                    ELASTICACHE_SOURCE,
                ));
            }
            (Some(true), None) => {
                let message = format!("{name} = true requires at least 2 cache clusters: would fail if {nodes_attr} (not known before apply) is less than 2.");
                out.push(emit(
                    r,
                    false,
                    "aws-elasticache-failover",
                    location(nodes_attr),
                    message,
                    fix,
                    ELASTICACHE_SOURCE,
                ));
            }
            (None, Some(n)) if n < 2.0 => {
                let message = format!("{name} would fail if true (not known before apply): {nodes_attr} gives {} node(s), and failover needs at least 2.", count(n));
                out.push(emit(
                    r,
                    false,
                    "aws-elasticache-failover",
                    location(name),
                    message,
                    fix,
                    ELASTICACHE_SOURCE,
                ));
            }
            _ => {}
        }
    }
    if multi_az.as_ref().and_then(Value::as_bool) == Some(true) {
        let af = failover.as_ref().and_then(Value::as_bool);
        if !is_set(&failover) || af == Some(false) {
            let message =
                "multi_az_enabled = true requires automatic_failover_enabled = true.".to_string();
            let fix = "Set automatic_failover_enabled = true with multi_az_enabled.".to_string();
            out.push(emit(
                r,
                true,
                "aws-elasticache-failover",
                location("multi_az_enabled"),
                message,
                fix,
                ELASTICACHE_SOURCE,
            ));
        }
    }
    // auth_token needs in-transit encryption.
    if let Some(token) = r.attr("auth_token") {
        let tv = token.value();
        if tv.is_null() {
            return;
        }
        let transit = r.eval("transit_encryption_enabled");
        let on = transit.as_ref().and_then(Value::as_bool);
        let fix = "Set transit_encryption_enabled = true (AUTH requires TLS), or drop auth_token."
            .to_string();
        let message = "auth_token can be specified only if transit_encryption_enabled = true: ElastiCache supports AUTH tokens only with encryption in transit.".to_string();
        if !is_set(&transit) || on == Some(false) {
            out.push(emit(
                r,
                !tv.is_unknown(),
                "aws-elasticache-auth-token",
                token.location(),
                message,
                fix,
                ELASTICACHE_AUTH_SOURCE,
            ));
        } else if on.is_none() {
            let message = "auth_token would fail if transit_encryption_enabled (not known before apply) is false: AUTH tokens need encryption in transit.".to_string();
            out.push(emit(
                r,
                false,
                "aws-elasticache-auth-token",
                token.location(),
                message,
                fix,
                ELASTICACHE_AUTH_SOURCE,
            ));
        }
    }
}
