pub mod backup_retention;
pub mod deletion_protection;
pub mod multi_az;
pub mod rds_hygiene;
pub mod rds_monitoring;
pub mod skip_final_snapshot;
pub mod storage_unencrypted;
