pub mod log_group_no_retention;
