pub mod s3_bucket;
pub mod s3_encryption;
pub mod s3_public_access;
pub mod s3_versioning;
