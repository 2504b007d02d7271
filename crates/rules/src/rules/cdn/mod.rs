pub mod cloudfront_insecure_viewer;
pub mod no_cdn;
