pub mod elasticache_unencrypted;
pub mod redis_on_instance;
