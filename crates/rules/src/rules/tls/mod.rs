pub mod acm_no_create_before_destroy;
pub mod manual_tls_certificate;
