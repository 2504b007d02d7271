pub mod elasticache_no_failover_in_prod;
pub mod elasticache_unencrypted;
pub mod redis_on_instance;
