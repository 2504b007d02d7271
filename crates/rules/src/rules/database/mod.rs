pub mod rds_backup_retention;
pub mod rds_deletion_protection;
pub mod rds_hygiene;
pub mod rds_monitoring;
pub mod rds_not_multi_az_in_prod;
pub mod rds_publicly_accessible;
pub mod rds_skip_final_snapshot;
pub mod rds_storage_unencrypted;
