//! tfready's AWS layer: `bootstrap-state` and `verify` against a live account,
//! through the official AWS SDK for Rust (rustls with ring; no OpenSSL).
//!
//! Credentials and region come from the standard chain (environment, profile,
//! SSO, container or instance role); [`AwsOptions`] overrides the profile, the
//! region, the endpoint (for emulators; `AWS_ENDPOINT_URL` works too) and the
//! number of attempts (standard retry mode: exponential backoff on throttling and
//! transient errors). Every error names the call, the resource, and what to do.
//!
//! The library prints nothing: plans, reports and checks are data (serde).
//! The async API is at the crate root; [`blocking`] wraps it for a synchronous CLI.
#![warn(clippy::print_stdout, clippy::print_stderr)]

mod backend;
pub mod blocking;
mod bootstrap;
mod client;
mod error;
pub mod policy;
pub mod pricing;
pub mod verify;

pub use backend::{backend_block, migration_steps, state_key};
pub use bootstrap::{apply, plan_bootstrap, Action, BootstrapReport, BootstrapRequest, Plan, Step};
pub use client::{https_client, Aws, AwsOptions, CallerIdentity, DEFAULT_MAX_ATTEMPTS};
pub use error::{AwsError, ErrorKind, IAM_DOC};
pub use policy::tls_statement;
pub use pricing::{get_products, ProductQuery, PRICING_REGION};
pub use verify::{
    exercise, verify, Check, CheckDef, Exercise, Status, VerifyTarget, CHECKS, EXERCISE_CHECKS,
};
