pub mod log_retention;
