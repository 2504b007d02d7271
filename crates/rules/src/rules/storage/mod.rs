pub mod s3_bucket;
pub mod s3_no_encryption_config;
pub mod s3_no_public_access_block;
pub mod s3_no_versioning;
pub mod s3_public_acl;
pub mod s3_public_policy;
