pub mod no_backup_plan;
