pub mod direct_to_instance;
pub mod http_not_redirected;
pub mod invalid_headers;
pub mod old_tls_policy;
