//! The bucket policy statement that refuses plain HTTP.

use super::*;

/// The TLS-only statement this crate adds, for documentation and tests.
pub fn tls_statement(partition: &str, bucket: &str) -> Value {
    json!({
        "Sid": policy::TLS_SID,
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [
            format!("arn:{partition}:s3:::{bucket}"),
            format!("arn:{partition}:s3:::{bucket}/*"),
        ],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}}
    })
}
