//! A synchronous face for the CLI: one current-thread Tokio runtime inside.
//!
//! ```no_run
//! use tfready_aws::{blocking::Session, AwsOptions, BootstrapRequest};
//! let s = Session::connect(&AwsOptions::default())?;
//! let plan = s.plan_bootstrap(&BootstrapRequest {
//!     bucket: "tf-state-123456789012".into(),
//!     lock_table: None,
//!     kms_key: None,
//! })?;
//! if !plan.is_empty() {
//!     let report = s.apply(&plan)?;
//!     assert!(!report.nothing_changed());
//! }
//! # Ok::<(), tfready_aws::AwsError>(())
//! ```

use tokio::runtime::{Builder, Runtime};

use crate::{
    AwsError, AwsOptions, BootstrapReport, BootstrapRequest, CallerIdentity, Check, Plan,
    VerifyTarget,
};

/// A connection plus the runtime that drives it. Do not call it from inside an
/// async runtime (use the async functions at the crate root there).
#[derive(Debug)]
pub struct Session {
    runtime: Runtime,
    aws: crate::Aws,
}

impl Session {
    /// Loads the standard chain with the options and asks STS who the caller is.
    pub fn connect(options: &AwsOptions) -> Result<Session, AwsError> {
        let runtime = runtime()?;
        let aws = runtime.block_on(crate::Aws::connect(options))?;
        Ok(Session { runtime, aws })
    }

    pub fn caller(&self) -> &CallerIdentity {
        self.aws.caller()
    }

    pub fn region(&self) -> &str {
        self.aws.region()
    }

    /// The async connection, for callers that have their own runtime.
    pub fn aws(&self) -> &crate::Aws {
        &self.aws
    }

    /// See [`crate::plan_bootstrap`].
    pub fn plan_bootstrap(&self, request: &BootstrapRequest) -> Result<Plan, AwsError> {
        self.runtime
            .block_on(crate::plan_bootstrap(&self.aws, request))
    }

    /// See [`crate::apply`].
    pub fn apply(&self, plan: &Plan) -> Result<BootstrapReport, AwsError> {
        self.runtime.block_on(crate::apply(&self.aws, plan))
    }

    /// See [`crate::verify()`].
    pub fn verify(&self, target: &VerifyTarget) -> Vec<Check> {
        self.runtime.block_on(crate::verify(&self.aws, target))
    }

    /// See [`crate::exercise()`]: changes the account, and undoes it.
    pub fn exercise(&self, target: &VerifyTarget, modes: &[crate::Exercise]) -> Vec<Check> {
        self.runtime
            .block_on(crate::exercise(&self.aws, target, modes))
    }
}

/// See [`crate::get_products`]: the Price List questions, asked from a
/// runtime of their own (no STS call, no account needed).
pub fn get_products(
    options: &AwsOptions,
    queries: &[crate::ProductQuery],
) -> Result<Vec<Result<Vec<String>, AwsError>>, AwsError> {
    Ok(runtime()?.block_on(crate::get_products(options, queries)))
}

/// A current-thread runtime for one blocking call or session.
fn runtime() -> Result<Runtime, AwsError> {
    Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            AwsError::invalid(
                format!("could not start the async runtime: {e}"),
                "report this as a bug".into(),
            )
        })
}
