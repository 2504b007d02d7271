//! The backend block to write and the steps to move state into it. Editing the
//! user's files is not this crate's job: these are texts to show or hand on.

use tfready_model::hcl_string;

/// The `terraform { backend "s3" { ... } }` block for the bootstrapped bucket.
///
/// Locks with S3 native locking (`use_lockfile = true`, Terraform 1.10+, GA in 1.11).
/// `dynamodb_table` is written only when a lock table is given, with a comment that
/// it is deprecated since Terraform 1.11. `kms_key` (when the bucket's default
/// encryption is SSE-KMS) becomes `kms_key_id`, so state objects are written with
/// that key rather than SSE-S3.
pub fn backend_block(
    bucket: &str,
    key: &str,
    region: &str,
    lock_table: Option<&str>,
    kms_key: Option<&str>,
) -> String {
    let mut lines: Vec<(String, String)> = vec![
        ("bucket".into(), hcl_string(bucket)),
        ("key".into(), hcl_string(key)),
        ("region".into(), hcl_string(region)),
        ("encrypt".into(), "true".into()),
    ];
    if let Some(k) = kms_key {
        lines.push(("kms_key_id".into(), hcl_string(k)));
    }
    lines.push(("use_lockfile".into(), "true".into()));
    let width = lines
        .iter()
        .map(|(k, _)| k.len())
        .chain(lock_table.map(|_| "dynamodb_table".len()))
        .max()
        .unwrap_or(0);
    let mut out = String::from("terraform {\n  backend \"s3\" {\n");
    for (k, v) in &lines {
        out.push_str(&format!("    {k:<width$} = {v}\n"));
    }
    if let Some(t) = lock_table {
        out.push_str(
            "\n    # DynamoDB locking is deprecated since Terraform 1.11 (use_lockfile above\n    \
             # replaces it); keep it only while someone runs an older Terraform.\n",
        );
        out.push_str(&format!(
            "    {:<width$} = {}\n",
            "dynamodb_table",
            hcl_string(t)
        ));
    }
    out.push_str("  }\n}\n");
    out
}

/// The steps to move existing state into the new backend, backup first (spec §8.3).
pub fn migration_steps(bucket: &str, key: &str) -> String {
    format!(
        "\
1. Back up the current state first, and keep the copy somewhere private (it holds secrets):
     terraform state pull > backup.tfstate
2. Put the backend block above in the root module (replacing any `backend \"local\"` block).
3. Move the state into s3://{bucket}/{key}; answer \"yes\" when Terraform offers to copy it:
     terraform init -migrate-state
4. Check that nothing changed: `terraform plan` must show no changes.
5. Only then remove the local terraform.tfstate (and terraform.tfstate.backup).

To roll back (spec §8.3): restore the previous backend block, run
`terraform init -migrate-state` again, or push the copy back with
`terraform state push backup.tfstate`.
"
    )
}

/// The state object's key: `ENV/terraform.tfstate` for a stack that knows
/// its environment, else `terraform.tfstate`.
pub fn state_key(environment: Option<&str>) -> String {
    environment.map_or_else(
        || "terraform.tfstate".to_string(),
        |e| format!("{e}/terraform.tfstate"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn native_locking_without_table() {
        assert_eq!(
            backend_block(
                "tf-state",
                "prod/terraform.tfstate",
                "us-east-1",
                None,
                None
            ),
            "terraform {\n  backend \"s3\" {\n    bucket       = \"tf-state\"\n    key          = \
             \"prod/terraform.tfstate\"\n    region       = \"us-east-1\"\n    encrypt      = \
             true\n    use_lockfile = true\n  }\n}\n"
        );
    }

    #[test]
    fn table_only_when_asked_with_deprecation_comment() {
        let b = backend_block(
            "tf-state",
            "prod/terraform.tfstate",
            "eu-west-1",
            Some("tf-locks"),
            Some("arn:aws:kms:eu-west-1:111122223333:key/k"),
        );
        assert!(b.contains("dynamodb_table = \"tf-locks\""));
        assert!(b.contains("deprecated since Terraform 1.11"));
        assert!(b.contains("use_lockfile   = true"));
        assert!(b.contains("kms_key_id     = \"arn:aws:kms:eu-west-1:111122223333:key/k\""));
    }

    #[test]
    fn migration_backs_up_first() {
        let m = migration_steps("tf-state", "prod/terraform.tfstate");
        let backup = m.find("terraform state pull > backup.tfstate").unwrap();
        let migrate = m.find("terraform init -migrate-state").unwrap();
        assert!(backup < migrate);
    }
}
