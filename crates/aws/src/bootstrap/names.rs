//! Bucket and table names AWS accepts.

use super::*;

pub(super) fn bucket_target(bucket: &str) -> String {
    format!("bucket {bucket}")
}

pub(super) fn validate_bucket_name(bucket: &str) -> Result<(), AwsError> {
    let ok_chars = bucket
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.');
    let ok_ends = bucket
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric())
        && bucket
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphanumeric());
    if (3..=63).contains(&bucket.len()) && ok_chars && ok_ends && !bucket.contains("..") {
        Ok(())
    } else {
        Err(AwsError::invalid(
            format!("{bucket:?} is not a valid S3 bucket name"),
            "use 3-63 lowercase letters, digits, hyphens and dots, starting and ending with a \
             letter or digit"
                .to_string(),
        ))
    }
}

pub(super) fn validate_table_name(table: &str) -> Result<(), AwsError> {
    let ok = (3..=255).contains(&table.len())
        && table
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if ok {
        Ok(())
    } else {
        Err(AwsError::invalid(
            format!("{table:?} is not a valid DynamoDB table name"),
            "use 3-255 letters, digits, underscores, hyphens and dots".to_string(),
        ))
    }
}
