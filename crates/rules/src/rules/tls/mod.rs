pub mod manual_tls_certificate;
