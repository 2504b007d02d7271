pub mod manual_certificate;
