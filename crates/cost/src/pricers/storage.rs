//! Pricers: S3, DynamoDB, Secrets Manager and KMS.

use super::*;

pub(super) fn s3_bucket(est: &mut Estimator<'_>, draft: &mut Draft, copies: f64) {
    est.charge_usage(
        draft,
        "storage_gb",
        "s3.standard.storage",
        "S3 Standard storage",
        copies,
    );
    est.charge_usage(
        draft,
        "put_requests",
        "s3.standard.put-requests",
        "PUT requests",
        copies,
    );
    est.charge_usage(
        draft,
        "get_requests",
        "s3.standard.get-requests",
        "GET requests",
        copies,
    );
}

pub(super) fn dynamodb_table(
    est: &mut Estimator<'_>,
    r: &ResourceRef<'_>,
    draft: &mut Draft,
    copies: f64,
) {
    match string(&r.body(), "billing_mode") {
        Setting::Set(m) if m == "PAY_PER_REQUEST" => {}
        Setting::Set(_) | Setting::Unset => {
            draft.unknown("provisioned capacity (billing_mode PROVISIONED, the default) is not in the price list; PAY_PER_REQUEST is".into(),
            );
            return;
        }
        Setting::Unknown(src) => {
            draft.unknown(format!("billing_mode `{src}` is known only at apply"));
            return;
        }
    }
    est.charge_usage(
        draft,
        "write_request_units",
        "dynamodb.on-demand.write-request-units",
        "write request units",
        copies,
    );
    est.charge_usage(
        draft,
        "read_request_units",
        "dynamodb.on-demand.read-request-units",
        "read request units",
        copies,
    );
    est.charge_usage(
        draft,
        "storage_gb",
        "dynamodb.storage.standard",
        "storage",
        copies,
    );
}

pub(super) fn secret(est: &mut Estimator<'_>, r: &ResourceRef<'_>, draft: &mut Draft, copies: f64) {
    let replicas = r.blocks("replica").len() as f64;
    let secrets = copies * (1.0 + replicas);
    if replicas > 0.0 {
        draft.assume("each replica region bills the secret again");
    }
    draft.assume("new secrets have a 30-day free trial (not modelled)");
    est.charge(
        draft,
        "secretsmanager.secret",
        "secret",
        secrets,
        None,
        None,
    );
    est.charge_usage(
        draft,
        "api_calls",
        "secretsmanager.api-calls",
        "API calls",
        copies,
    );
}

pub(super) fn kms_key(
    est: &mut Estimator<'_>,
    r: &ResourceRef<'_>,
    draft: &mut Draft,
    copies: f64,
) {
    est.charge(
        draft,
        "kms.key.customer-managed",
        "customer managed key",
        copies,
        None,
        None,
    );
    if matches!(
        boolean(&r.body(), "enable_key_rotation"),
        Setting::Set(true)
    ) {
        draft.assume("rotation adds $1/month per key after each of its first two yearly rotations (not in this month's figure)");
    }
    est.charge_usage(draft, "requests", "kms.requests", "requests", copies);
}
