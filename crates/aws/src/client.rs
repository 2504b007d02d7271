//! The connection: credentials and region from the standard chain, an HTTPS client
//! on rustls with ring, standard retries with backoff, and the caller's account.

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode};
use serde::Serialize;

use crate::error::{AwsError, CallContext, ErrorKind};

/// The SDK's default number of attempts per call (the first try plus retries).
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;

/// How to reach AWS. Every field is optional: what is not given comes from the
/// standard chain (environment, profile files, SSO, container or instance role).
#[derive(Debug, Clone, Default)]
pub struct AwsOptions {
    /// A named profile from ~/.aws/config (`--profile`); else `AWS_PROFILE` or `default`.
    pub profile: Option<String>,
    /// The region (`--region`); else `AWS_REGION`, the profile, or the instance's.
    pub region: Option<String>,
    /// An endpoint for every service (`--endpoint-url`), e.g. an emulator; else
    /// `AWS_ENDPOINT_URL` or the profile's `endpoint_url`, else AWS.
    pub endpoint_url: Option<String>,
    /// Attempts per call, with exponential backoff on throttling and transient
    /// errors (standard retry mode). `None` or 0: from the chain (`AWS_MAX_ATTEMPTS`,
    /// the profile's `max_attempts`), else [`DEFAULT_MAX_ATTEMPTS`].
    pub max_attempts: Option<u32>,
}

/// Who is calling, from `sts:GetCallerIdentity`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallerIdentity {
    pub account: String,
    pub arn: String,
    /// `aws`, `aws-cn`, `aws-us-gov`: for building ARNs.
    pub partition: String,
}

/// A connection to one account and region.
#[derive(Debug, Clone)]
pub struct Aws {
    pub(crate) config: SdkConfig,
    pub(crate) ctx: CallContext,
    pub(crate) region: String,
    pub(crate) caller: CallerIdentity,
    /// Set when an endpoint override is in force (emulators): S3 then uses path-style
    /// addressing.
    pub(crate) custom_endpoint: bool,
}

impl Aws {
    /// Loads credentials and region from the standard chain, applies the options,
    /// and asks STS who the caller is (which also proves the credentials work).
    pub async fn connect(options: &AwsOptions) -> Result<Aws, AwsError> {
        let config = load_config(options).await;
        Aws::from_config(config, options.profile.clone()).await
    }

    /// Wraps an already loaded SDK configuration (for embedding and tests) and asks
    /// STS who the caller is.
    pub async fn from_sdk_config(config: SdkConfig) -> Result<Aws, AwsError> {
        Aws::from_config(config, None).await
    }

    async fn from_config(config: SdkConfig, profile: Option<String>) -> Result<Aws, AwsError> {
        let max_attempts = config
            .retry_config()
            .map(|r| r.max_attempts())
            .unwrap_or(DEFAULT_MAX_ATTEMPTS);
        let Some(region) = config.region().map(|r| r.to_string()) else {
            return Err(AwsError {
                kind: ErrorKind::Region,
                call: "",
                target: String::new(),
                code: None,
                detail: "no AWS region is configured".to_string(),
                hint: "pass --region, set AWS_REGION, or set `region` in the profile".to_string(),
            });
        };
        let custom_endpoint =
            config.endpoint_url().is_some() || std::env::var_os("AWS_ENDPOINT_URL_S3").is_some();
        let endpoint = match config.endpoint_url() {
            Some(url) => format!("the endpoint {url}"),
            None => format!("the AWS endpoints of {region}"),
        };
        let ctx = CallContext {
            endpoint,
            max_attempts,
            profile,
        };
        let sts = aws_sdk_sts::Client::new(&config);
        let who = sts
            .get_caller_identity()
            .send()
            .await
            .map_err(|e| ctx.error("sts:GetCallerIdentity", "the caller", &e))?;
        let arn = who.arn().unwrap_or_default().to_string();
        let partition = arn.split(':').nth(1).unwrap_or("aws").to_string();
        let partition = if partition.is_empty() {
            "aws".to_string()
        } else {
            partition
        };
        let caller = CallerIdentity {
            account: who.account().unwrap_or_default().to_string(),
            arn,
            partition,
        };
        Ok(Aws {
            config,
            ctx,
            region,
            caller,
            custom_endpoint,
        })
    }

    /// The caller, as STS told it at connection time.
    pub fn caller(&self) -> &CallerIdentity {
        &self.caller
    }

    /// The region every call goes to.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The endpoint, as errors name it.
    pub fn endpoint(&self) -> &str {
        &self.ctx.endpoint
    }

    /// The SDK configuration, for callers that need a client of their own.
    pub fn sdk_config(&self) -> &SdkConfig {
        &self.config
    }

    pub(crate) fn s3(&self) -> aws_sdk_s3::Client {
        let conf = aws_sdk_s3::config::Builder::from(&self.config)
            .force_path_style(self.custom_endpoint)
            .build();
        aws_sdk_s3::Client::from_conf(conf)
    }
}

/// The SDK configuration from the standard chain with the options applied: the
/// HTTPS client, timeouts and retries every tfready call uses.
pub(crate) async fn load_config(options: &AwsOptions) -> SdkConfig {
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .http_client(https_client())
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(10))
                .operation_attempt_timeout(Duration::from_secs(60))
                .build(),
        );
    // Without the option, the chain decides (AWS_MAX_ATTEMPTS, AWS_RETRY_MODE,
    // the profile's max_attempts / retry_mode), standard mode by default.
    if let Some(n) = options.max_attempts.filter(|n| *n > 0) {
        loader = loader.retry_config(RetryConfig::standard().with_max_attempts(n));
    }
    if let Some(p) = &options.profile {
        loader = loader.profile_name(p);
    }
    if let Some(r) = &options.region {
        loader = loader.region(Region::new(r.clone()));
    }
    if let Some(e) = &options.endpoint_url {
        loader = loader.endpoint_url(e);
    }
    loader.load().await
}

/// The HTTPS client every SDK client uses: hyper with rustls on the ring provider
/// (no OpenSSL, no aws-lc), trusting the platform's roots.
pub fn https_client() -> aws_smithy_runtime_api::client::http::SharedHttpClient {
    aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(CryptoMode::Ring))
        .build_https()
}
