//! Errors that say which call failed, on what, and what to do about it.

use std::fmt;

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use serde::Serialize;

/// Where the IAM policies this crate needs are documented.
pub const IAM_DOC: &str = "crates/aws/IAM.md";

/// What kind of failure, for callers that want to react to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorKind {
    /// No credentials, or credentials the endpoint does not accept or that expired.
    Credentials,
    /// No region configured.
    Region,
    /// The caller is not allowed to make the call.
    AccessDenied,
    /// The endpoint could not be reached (network, DNS, refused connection, timeout).
    Unreachable,
    /// AWS kept throttling after every retry.
    Throttled,
    /// tfready refuses to go on: the resource belongs to someone else, or changing it
    /// would delete or weaken something.
    Refused,
    /// Any other answer from the service.
    Service,
    /// The options or the input are wrong.
    Invalid,
}

/// A failed AWS call (or a refusal), with the call, the resource and a hint.
///
/// Its `Display` is one line, e.g. `s3:PutBucketVersioning on bucket X failed:
/// AccessDenied: ... — the caller needs s3:PutBucketVersioning on bucket X; see the
/// IAM policy in crates/aws/IAM.md`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AwsError {
    pub kind: ErrorKind,
    /// The API call, as an IAM action: `s3:PutBucketVersioning`.
    pub call: &'static str,
    /// What it was made on: `bucket tf-state`, `account 123456789012`.
    pub target: String,
    /// The service's error code, when it sent one (`AccessDenied`, `NoSuchBucket`).
    pub code: Option<String>,
    /// What went wrong, in the service's or the transport's words.
    pub detail: String,
    /// What to do about it.
    pub hint: String,
}

impl fmt::Display for AwsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.kind == ErrorKind::Refused {
            return write!(f, "refused: {} — {}", self.detail, self.hint);
        }
        if self.kind == ErrorKind::Invalid || self.kind == ErrorKind::Region {
            return write!(f, "{} — {}", self.detail, self.hint);
        }
        write!(f, "{} on {} failed: ", self.call, self.target)?;
        if let Some(code) = &self.code {
            write!(f, "{code}")?;
            if !self.detail.is_empty() && self.detail != *code {
                write!(f, ": {}", self.detail)?;
            }
        } else {
            write!(f, "{}", self.detail)?;
        }
        write!(f, " — {}", self.hint)
    }
}

impl std::error::Error for AwsError {}

impl AwsError {
    pub(crate) fn refused(call: &'static str, target: &str, detail: String, hint: String) -> Self {
        AwsError {
            kind: ErrorKind::Refused,
            call,
            target: target.to_string(),
            code: None,
            detail,
            hint,
        }
    }

    pub(crate) fn invalid(detail: String, hint: String) -> Self {
        AwsError {
            kind: ErrorKind::Invalid,
            call: "",
            target: String::new(),
            code: None,
            detail,
            hint,
        }
    }
}

/// What the error builder needs to know about the connection.
#[derive(Debug, Clone)]
pub(crate) struct CallContext {
    /// `http://127.0.0.1:5000 (AWS_ENDPOINT_URL)` or `the AWS endpoint for us-east-1`.
    pub endpoint: String,
    pub max_attempts: u32,
    pub profile: Option<String>,
}

const ACCESS_DENIED: &[&str] = &[
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "AuthorizationError",
    "AuthorizationErrorException",
    "Forbidden",
    "UnauthorizedException",
];
const BAD_CREDENTIALS: &[&str] = &[
    "InvalidClientTokenId",
    "SignatureDoesNotMatch",
    "UnrecognizedClientException",
    "InvalidAccessKeyId",
    "InvalidSignatureException",
    "AuthFailure",
    "IncompleteSignature",
];
const EXPIRED: &[&str] = &[
    "ExpiredToken",
    "ExpiredTokenException",
    "RequestExpired",
    "TokenRefreshRequired",
];
const THROTTLED: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "SlowDown",
    "RequestThrottled",
    "RequestThrottledException",
    "ProvisionedThroughputExceededException",
];

impl CallContext {
    /// Turns an SDK error into an [`AwsError`] naming `call` on `target`.
    pub fn error<E>(
        &self,
        call: &'static str,
        target: &str,
        err: &SdkError<E, HttpResponse>,
    ) -> AwsError
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        let chain = error_chain(err);
        let mut e = AwsError {
            kind: ErrorKind::Service,
            call,
            target: target.to_string(),
            code: None,
            detail: String::new(),
            hint: String::new(),
        };
        match err {
            SdkError::ServiceError(_) | SdkError::ResponseError(_) => {
                let status = err.raw_response().map(|r| r.status().as_u16());
                e.code = err.code().map(str::to_string).or_else(|| {
                    status.map(|s| match s {
                        403 => "Forbidden".to_string(),
                        404 => "NotFound".to_string(),
                        s => format!("HTTP {s}"),
                    })
                });
                e.detail = err
                    .message()
                    .map(str::to_string)
                    .unwrap_or_else(|| match status {
                        Some(_) => format!("{} answered without an error message", self.endpoint),
                        None => chain.clone(),
                    });
                let code = e.code.clone().unwrap_or_default();
                let code = code.as_str();
                if ACCESS_DENIED.contains(&code) || (status == Some(403) && err.code().is_none()) {
                    e.kind = ErrorKind::AccessDenied;
                    e.hint = format!(
                        "the caller needs {} on {target}; see the IAM policy in {IAM_DOC}",
                        iam_action(call)
                    );
                } else if EXPIRED.contains(&code) {
                    e.kind = ErrorKind::Credentials;
                    e.hint = format!(
                        "the credentials expired: renew them ({}) and run again",
                        match &self.profile {
                            Some(p) => format!("e.g. `aws sso login --profile {p}`"),
                            None => "e.g. `aws sso login`, or fresh keys".to_string(),
                        }
                    );
                } else if BAD_CREDENTIALS.contains(&code) {
                    e.kind = ErrorKind::Credentials;
                    e.hint = format!(
                        "{} does not accept these credentials: check AWS_PROFILE / --profile, \
                         AWS_ACCESS_KEY_ID and the region",
                        self.endpoint
                    );
                } else if THROTTLED.contains(&code) {
                    e.kind = ErrorKind::Throttled;
                    e.hint = format!(
                        "still throttled after {} attempts with backoff: run again later, or \
                         raise --max-attempts",
                        self.max_attempts
                    );
                } else if status.is_some_and(|s| s >= 500) {
                    e.hint = format!(
                        "the service failed on its side ({} attempts): run again later; if it \
                         persists, the endpoint may not implement {call}",
                        self.max_attempts
                    );
                } else {
                    e.hint = format!("see the service's message; the call was {call} on {target}");
                }
            }
            SdkError::DispatchFailure(d) => {
                if looks_like_credentials(&chain) {
                    e.kind = ErrorKind::Credentials;
                    e.detail = if chain.contains("no identity resolver") {
                        "no credentials were found (environment, profile, SSO, container or \
                         instance role)"
                            .to_string()
                    } else {
                        chain
                    };
                    e.hint = credentials_hint(self.profile.as_deref());
                } else {
                    e.kind = ErrorKind::Unreachable;
                    e.detail = format!("could not reach {}: {chain}", self.endpoint);
                    e.hint = if d.is_timeout() {
                        "the endpoint did not answer in time: check the network, a proxy \
                         (HTTPS_PROXY), the region, or AWS_ENDPOINT_URL / --endpoint-url"
                            .to_string()
                    } else {
                        "check the network, a proxy (HTTPS_PROXY), the region, or \
                         AWS_ENDPOINT_URL / --endpoint-url (an emulator must be running)"
                            .to_string()
                    };
                }
            }
            SdkError::TimeoutError(_) => {
                e.kind = ErrorKind::Unreachable;
                e.detail = format!("no answer from {} in time: {chain}", self.endpoint);
                e.hint = "check the network, a proxy (HTTPS_PROXY), or AWS_ENDPOINT_URL / \
                          --endpoint-url"
                    .to_string();
            }
            SdkError::ConstructionFailure(_) => {
                if looks_like_credentials(&chain) {
                    e.kind = ErrorKind::Credentials;
                    e.hint = credentials_hint(self.profile.as_deref());
                } else {
                    e.kind = ErrorKind::Invalid;
                    e.hint = "the request could not be built: check the names and ARNs given"
                        .to_string();
                }
                e.detail = chain;
            }
            _ => {
                if looks_like_credentials(&chain) {
                    e.kind = ErrorKind::Credentials;
                    e.hint = credentials_hint(self.profile.as_deref());
                } else {
                    e.hint = format!("the call was {call} on {target}");
                }
                e.detail = chain;
            }
        }
        e
    }
}

/// The IAM action that allows an API call, where its name differs.
pub(crate) fn iam_action(call: &str) -> &str {
    match call {
        "s3:HeadBucket" => "s3:ListBucket",
        other => other,
    }
}

/// The error and its sources, each once, joined with ": ".
fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut next: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = next {
        let text = e.to_string();
        if !text.is_empty() && !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        next = e.source();
    }
    parts.join(": ")
}

fn looks_like_credentials(chain: &str) -> bool {
    let c = chain.to_ascii_lowercase();
    c.contains("credential") || c.contains("identity") || c.contains("no provider")
}

pub(crate) fn credentials_hint(profile: Option<&str>) -> String {
    match profile {
        Some(p) => format!(
            "no usable credentials for profile {p}: run `aws sso login --profile {p}` or check \
             ~/.aws/config and ~/.aws/credentials"
        ),
        None => "no usable AWS credentials: set AWS_PROFILE (or --profile), or \
                 AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run on an instance with a role"
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_call_target_code_and_hint() {
        let e = AwsError {
            kind: ErrorKind::AccessDenied,
            call: "s3:PutBucketVersioning",
            target: "bucket tf-state".into(),
            code: Some("AccessDenied".into()),
            detail: "Access Denied".into(),
            hint: format!(
                "the caller needs s3:PutBucketVersioning on bucket tf-state; see the IAM policy in {IAM_DOC}"
            ),
        };
        assert_eq!(
            e.to_string(),
            "s3:PutBucketVersioning on bucket tf-state failed: AccessDenied: Access Denied — the \
             caller needs s3:PutBucketVersioning on bucket tf-state; see the IAM policy in \
             crates/aws/IAM.md"
        );
    }
}
