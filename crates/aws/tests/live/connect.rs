//! Connecting: the faults a user meets first, each with the call, where, and what to do.

use crate::common::*;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use tfready_aws::{Aws, AwsOptions, ErrorKind};

/// Nothing listens: the error names the call and the endpoint, and says what to do.
#[tokio::test]
async fn endpoint_down_names_the_call_and_the_endpoint() {
    let _ = endpoint();
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let url = format!("http://127.0.0.1:{port}");
    let err = Aws::connect(&AwsOptions {
        endpoint_url: Some(url.clone()),
        region: Some("us-east-1".into()),
        max_attempts: Some(2),
        ..Default::default()
    })
    .await
    .expect_err("nothing listens there");
    assert_eq!(err.kind, ErrorKind::Unreachable, "{err}");
    let text = err.to_string();
    assert!(
        text.starts_with("sts:GetCallerIdentity on the caller failed"),
        "{text}"
    );
    assert!(text.contains(&url), "{text}");
    assert!(text.contains("AWS_ENDPOINT_URL"), "{text}");
}

fn bare(region: Option<&str>) -> SdkConfig {
    let mut b = SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .endpoint_url(endpoint())
        .http_client(tfready_aws::https_client());
    if let Some(r) = region {
        b = b.region(Region::new(r.to_string()));
    }
    b.build()
}

/// No credentials anywhere: say how to provide them.
#[tokio::test]
async fn no_credentials_say_how_to_provide_them() {
    let err = Aws::from_sdk_config(bare(Some(REGION)))
        .await
        .expect_err("no credentials");
    assert_eq!(err.kind, ErrorKind::Credentials, "{err}");
    let text = err.to_string();
    assert!(text.starts_with("sts:GetCallerIdentity"), "{text}");
    assert!(text.contains("AWS_PROFILE"), "{text}");
}

/// No region anywhere: say how to set one, before any call.
#[tokio::test]
async fn no_region_says_how_to_set_one() {
    let err = Aws::from_sdk_config(bare(None))
        .await
        .expect_err("no region");
    assert_eq!(err.kind, ErrorKind::Region, "{err}");
    assert!(err.to_string().contains("--region"), "{err}");
}

/// The standard chain (the environment with-moto.sh sets) finds the caller.
#[tokio::test]
async fn standard_chain_finds_the_caller() {
    let aws = Aws::connect(&AwsOptions {
        endpoint_url: Some(endpoint()),
        ..Default::default()
    })
    .await
    .unwrap();
    assert_eq!(aws.caller().account, "123456789012");
    assert_eq!(aws.region(), REGION);
    assert!(aws.endpoint().contains(&endpoint()));
}
