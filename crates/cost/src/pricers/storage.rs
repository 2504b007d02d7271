//! Pricers: S3, DynamoDB, Secrets Manager and KMS.

use super::*;

pub(super) fn s3_bucket(est: &mut Estimator<'_>, d: &mut Draft, n: f64) {
    let storage = est.usage(d, "storage_gb");
    est.charge(
        d,
        "s3.standard.storage",
        "S3 Standard storage",
        storage.value * n,
        None,
        Some(storage),
    );
    let put = est.usage(d, "put_requests");
    est.charge(
        d,
        "s3.standard.put-requests",
        "PUT requests",
        put.value * n,
        None,
        Some(put),
    );
    let get = est.usage(d, "get_requests");
    est.charge(
        d,
        "s3.standard.get-requests",
        "GET requests",
        get.value * n,
        None,
        Some(get),
    );
}

pub(super) fn dynamodb_table(est: &mut Estimator<'_>, r: &ResourceRef<'_>, d: &mut Draft, n: f64) {
    match string(&r.body(), "billing_mode") {
        Got::Set(m) if m == "PAY_PER_REQUEST" => {}
        Got::Set(_) | Got::Unset => {
            d.unknown("provisioned capacity (billing_mode PROVISIONED, the default) is not in the price list; PAY_PER_REQUEST is".into(),
            );
            return;
        }
        Got::Unknown(src) => {
            d.unknown(format!("billing_mode `{src}` is known only at apply"));
            return;
        }
    }
    let w = est.usage(d, "write_request_units");
    est.charge(
        d,
        "dynamodb.on-demand.write-request-units",
        "write request units",
        w.value * n,
        None,
        Some(w),
    );
    let rd = est.usage(d, "read_request_units");
    est.charge(
        d,
        "dynamodb.on-demand.read-request-units",
        "read request units",
        rd.value * n,
        None,
        Some(rd),
    );
    let s = est.usage(d, "storage_gb");
    est.charge(
        d,
        "dynamodb.storage.standard",
        "storage",
        s.value * n,
        None,
        Some(s),
    );
}

pub(super) fn secret(est: &mut Estimator<'_>, r: &ResourceRef<'_>, d: &mut Draft, n: f64) {
    let replicas = r.blocks("replica").len() as f64;
    let secrets = n * (1.0 + replicas);
    if replicas > 0.0 {
        d.assume("each replica region bills the secret again");
    }
    d.assume("new secrets have a 30-day free trial (not modelled)");
    est.charge(d, "secretsmanager.secret", "secret", secrets, None, None);
    let calls = est.usage(d, "api_calls");
    est.charge(
        d,
        "secretsmanager.api-calls",
        "API calls",
        calls.value * n,
        None,
        Some(calls),
    );
}

pub(super) fn kms_key(est: &mut Estimator<'_>, r: &ResourceRef<'_>, d: &mut Draft, n: f64) {
    est.charge(
        d,
        "kms.key.customer-managed",
        "customer managed key",
        n,
        None,
        None,
    );
    if matches!(boolean(&r.body(), "enable_key_rotation"), Got::Set(true)) {
        d.assume("rotation adds $1/month per key after each of its first two yearly rotations (not in this month's figure)");
    }
    let requests = est.usage(d, "requests");
    est.charge(
        d,
        "kms.requests",
        "requests",
        requests.value * n,
        None,
        Some(requests),
    );
}
