pub mod cloudfront_insecure_viewer;
pub mod cloudfront_s3_origin_without_oac;
pub mod no_cdn;
