pub mod alb_keeps_invalid_headers;
pub mod alb_no_access_logs;
pub mod alb_no_deletion_protection;
pub mod http_not_redirected;
pub mod no_load_balancer;
pub mod old_tls_policy;
pub mod target_group_no_health_check_path;
