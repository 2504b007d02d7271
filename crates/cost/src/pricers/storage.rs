//! Pricers: S3, DynamoDB, Secrets Manager and KMS.

use super::*;

pub(super) fn s3_bucket(est: &mut Estimator<'_>, draft: &mut Draft, copies: f64) {
    let storage = est.usage(draft, "storage_gb");
    est.charge(
        draft,
        "s3.standard.storage",
        "S3 Standard storage",
        storage.value * copies,
        None,
        Some(storage),
    );
    let put = est.usage(draft, "put_requests");
    est.charge(
        draft,
        "s3.standard.put-requests",
        "PUT requests",
        put.value * copies,
        None,
        Some(put),
    );
    let get = est.usage(draft, "get_requests");
    est.charge(
        draft,
        "s3.standard.get-requests",
        "GET requests",
        get.value * copies,
        None,
        Some(get),
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
    let w = est.usage(draft, "write_request_units");
    est.charge(
        draft,
        "dynamodb.on-demand.write-request-units",
        "write request units",
        w.value * copies,
        None,
        Some(w),
    );
    let rd = est.usage(draft, "read_request_units");
    est.charge(
        draft,
        "dynamodb.on-demand.read-request-units",
        "read request units",
        rd.value * copies,
        None,
        Some(rd),
    );
    let s = est.usage(draft, "storage_gb");
    est.charge(
        draft,
        "dynamodb.storage.standard",
        "storage",
        s.value * copies,
        None,
        Some(s),
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
    let calls = est.usage(draft, "api_calls");
    est.charge(
        draft,
        "secretsmanager.api-calls",
        "API calls",
        calls.value * copies,
        None,
        Some(calls),
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
    let requests = est.usage(draft, "requests");
    est.charge(
        draft,
        "kms.requests",
        "requests",
        requests.value * copies,
        None,
        Some(requests),
    );
}
