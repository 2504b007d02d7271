//! AWS's Price List Query API (`pricing:GetProducts`), for `tfready cost`.
//!
//! The API has three home regions; tfready asks us-east-1's (an endpoint
//! override, such as a test server, replaces it). Credentials come from the
//! standard chain; no STS call is made, since pricing needs no account.
//! Each query's pages are followed to the end; throttling is retried with
//! backoff by the SDK's standard retry mode.

use aws_config::Region;
use aws_sdk_pricing::types::{Filter, FilterType};

use crate::client::load_config;
use crate::error::{AwsError, CallContext, ErrorKind};
use crate::AwsOptions;

/// The region whose Price List endpoint tfready asks.
pub const PRICING_REGION: &str = "us-east-1";

/// One `GetProducts` question: a service and exact attribute matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductQuery {
    /// `AmazonEC2`, `AmazonRDS`, ...
    pub service_code: String,
    /// `(attribute, value)` pairs, sent as `TERM_MATCH` filters.
    pub filters: Vec<(String, String)>,
}

/// Asks every query in turn. Each answer is the `PriceList` documents (JSON
/// strings) of every page. After an error that no other query would escape
/// (no credentials, access denied, endpoint unreachable), the remaining
/// queries are not sent and carry that error too.
pub async fn get_products(
    options: &AwsOptions,
    queries: &[ProductQuery],
) -> Vec<Result<Vec<String>, AwsError>> {
    let options = AwsOptions {
        region: Some(PRICING_REGION.to_string()),
        ..options.clone()
    };
    let config = load_config(&options).await;
    let ctx = CallContext {
        endpoint: match config.endpoint_url() {
            Some(url) => format!("the endpoint {url}"),
            None => format!("the AWS Price List endpoint in {PRICING_REGION}"),
        },
        max_attempts: config
            .retry_config()
            .map_or(crate::DEFAULT_MAX_ATTEMPTS, |r| r.max_attempts()),
        profile: options.profile.clone(),
    };
    let conf = aws_sdk_pricing::config::Builder::from(&config)
        .region(Region::new(PRICING_REGION))
        .build();
    let client = aws_sdk_pricing::Client::from_conf(conf);
    let mut out = Vec::with_capacity(queries.len());
    let mut fatal: Option<AwsError> = None;
    for q in queries {
        if let Some(e) = &fatal {
            out.push(Err(e.clone()));
            continue;
        }
        let answer = one(&client, &ctx, q).await;
        if let Err(e) = &answer {
            if matches!(
                e.kind,
                ErrorKind::Credentials | ErrorKind::AccessDenied | ErrorKind::Unreachable
            ) {
                fatal = Some(e.clone());
            }
        }
        out.push(answer);
    }
    out
}

async fn one(
    client: &aws_sdk_pricing::Client,
    ctx: &CallContext,
    q: &ProductQuery,
) -> Result<Vec<String>, AwsError> {
    let mut filters = Vec::with_capacity(q.filters.len());
    for (field, value) in &q.filters {
        let f = Filter::builder()
            .r#type(FilterType::TermMatch)
            .field(field)
            .value(value)
            .build()
            .map_err(|e| AwsError::invalid(e.to_string(), "report this as a bug".into()))?;
        filters.push(f);
    }
    let target = format!("{} {}", q.service_code, describe(&q.filters));
    let mut docs = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = client
            .get_products()
            .service_code(&q.service_code)
            .format_version("aws_v1")
            .set_filters(Some(filters.clone()))
            .set_next_token(token.take())
            .max_results(100)
            .send()
            .await
            .map_err(|e| ctx.error("pricing:GetProducts", &target, &e))?;
        docs.extend(page.price_list().iter().cloned());
        match page.next_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_string()),
            _ => break,
        }
    }
    Ok(docs)
}

fn describe(filters: &[(String, String)]) -> String {
    filters
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}
