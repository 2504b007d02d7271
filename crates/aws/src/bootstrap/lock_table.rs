//! The DynamoDB lock table: read and created.

use super::*;

/// `None` when the table does not exist; else a line saying what it is. A table
/// whose key is not a `LockID` string hash key is refused.
pub(crate) async fn describe_lock_table(
    aws: &Aws,
    table: &str,
) -> Result<Option<String>, AwsError> {
    let ddb = aws_sdk_dynamodb::Client::new(&aws.config);
    let out = match ddb.describe_table().table_name(table).send().await {
        Ok(out) => out,
        Err(err)
            if err
                .as_service_error()
                .is_some_and(|e| e.is_resource_not_found_exception()) =>
        {
            return Ok(None)
        }
        Err(err) => {
            return Err(aws
                .ctx
                .error("dynamodb:DescribeTable", &format!("table {table}"), &err))
        }
    };
    let Some(t) = out.table() else {
        return Ok(None);
    };
    let key: Vec<String> = t
        .key_schema()
        .iter()
        .map(|k| format!("{} {}", k.attribute_name(), k.key_type().as_str()))
        .collect();
    let lock_id_type = t
        .attribute_definitions()
        .iter()
        .find(|a| a.attribute_name() == "LockID")
        .map(|a| a.attribute_type().as_str().to_string());
    let is_terraform_key = key == ["LockID HASH"] && lock_id_type.as_deref() == Some("S");
    if !is_terraform_key {
        return Err(AwsError::refused(
            "dynamodb:DescribeTable",
            &format!("table {table}"),
            format!(
                "table {table} exists with key [{}], not Terraform's LockID string hash key",
                key.join(", ")
            ),
            "choose another --lock-table name; tfready never changes or deletes an existing \
             table"
                .to_string(),
        ));
    }
    let billing = t
        .billing_mode_summary()
        .and_then(|b| b.billing_mode())
        .map(|b| b.as_str().to_string())
        .unwrap_or_else(|| "PROVISIONED".to_string());
    let status = t
        .table_status()
        .map(|s| s.as_str().to_string())
        .unwrap_or_default();
    Ok(Some(format!(
        "lock table {table}: LockID string hash key, {billing}, {status}"
    )))
}

pub(super) async fn create_lock_table(aws: &Aws, table: &str) -> Result<bool, AwsError> {
    if describe_lock_table(aws, table).await?.is_some() {
        return Ok(false);
    }
    let ddb = aws_sdk_dynamodb::Client::new(&aws.config);
    let target = format!("table {table}");
    let bug = |e: aws_sdk_dynamodb::error::BuildError| {
        AwsError::invalid(e.to_string(), "report this as a bug".to_string())
    };
    let created = ddb
        .create_table()
        .table_name(table)
        .attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name("LockID")
                .attribute_type(ScalarAttributeType::S)
                .build()
                .map_err(bug)?,
        )
        .key_schema(
            KeySchemaElement::builder()
                .attribute_name("LockID")
                .key_type(KeyType::Hash)
                .build()
                .map_err(bug)?,
        )
        .billing_mode(BillingMode::PayPerRequest)
        .send()
        .await;
    match created {
        Ok(_) => {}
        Err(err)
            if err
                .as_service_error()
                .is_some_and(|e| e.is_resource_in_use_exception()) =>
        {
            // Created by someone else since the plan: make sure it is Terraform's.
            describe_lock_table(aws, table).await?;
            return Ok(false);
        }
        Err(err) => return Err(aws.ctx.error("dynamodb:CreateTable", &target, &err)),
    }
    // Terraform cannot lock until the table is ACTIVE.
    for _ in 0..60 {
        let out = ddb
            .describe_table()
            .table_name(table)
            .send()
            .await
            .map_err(|e| aws.ctx.error("dynamodb:DescribeTable", &target, &e))?;
        if out.table().and_then(|t| t.table_status()) == Some(&TableStatus::Active) {
            return Ok(true);
        }
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    }
    Err(AwsError {
        kind: ErrorKind::Service,
        call: "dynamodb:DescribeTable",
        target,
        code: None,
        detail: "the table was created but is not ACTIVE after two minutes".to_string(),
        hint: "check it in the DynamoDB console, then run bootstrap-state again".to_string(),
    })
}
