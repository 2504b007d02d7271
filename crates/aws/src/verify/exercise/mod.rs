//! `verify --exercise`: the checklist's "tested" lines, tested. Each mode
//! changes the account for a while (an alarm's state, the group's desired
//! capacity, a temporary database) and undoes it before it returns, on
//! failure too; on Ctrl-C the pending undo steps run before the process
//! ends. What a run could not undo (the process killed) is found on the next
//! run by its tag and removed.

mod alarms;
pub mod https;
mod restore;
mod scaling;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::{finish, Check, VerifyTarget};
use crate::client::Aws;

/// The tag every temporary resource carries (key, value).
pub const TAG: (&str, &str) = ("tfready:exercise", "restore");

/// A mode of `--exercise`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Exercise {
    Alarms,
    Https,
    Scaling,
    Restore,
}

impl Exercise {
    pub const ALL: [Exercise; 4] = [
        Exercise::Alarms,
        Exercise::Https,
        Exercise::Scaling,
        Exercise::Restore,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Exercise::Alarms => "alarms",
            Exercise::Https => "https",
            Exercise::Scaling => "scaling",
            Exercise::Restore => "restore",
        }
    }

    pub fn parse(s: &str) -> Option<Exercise> {
        Exercise::ALL.into_iter().find(|e| e.name() == s)
    }

    /// What the mode does to the account, for the prompt and the README.
    pub fn changes(self) -> &'static str {
        match self {
            Exercise::Alarms => "sets each alarm in scope to ALARM (its SNS topics notify their subscribers), waits for the notification, then sets the alarm back to its state",
            Exercise::Https => "makes one HTTPS and one HTTP request to the domain (no change)",
            Exercise::Scaling => "raises the Auto Scaling group's desired capacity by one (one more instance, billed while it runs), waits for it to be in service and healthy, then lowers it back",
            Exercise::Restore => "restores the database's latest snapshot to a temporary instance (billed while it exists, tagged tfready:exercise=restore), waits until it is available, then deletes it",
        }
    }

    fn check_id(self) -> &'static str {
        match self {
            Exercise::Alarms => "exercise-alarms",
            Exercise::Https => "exercise-https",
            Exercise::Scaling => "exercise-scaling",
            Exercise::Restore => "exercise-restore",
        }
    }
}

/// One change to take back.
#[derive(Debug, Clone)]
enum Step {
    AlarmState { alarm: String, state: String },
    Desired { group: String, desired: i32 },
    DeleteDb { id: String },
}

/// The changes made and not yet taken back, in order.
#[derive(Debug, Clone, Default)]
struct Undo(Arc<Mutex<Vec<Step>>>);

impl Undo {
    fn push(&self, step: Step) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(step);
    }

    fn done(&self) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).pop();
    }

    /// Takes back every pending change, last first; what fails is said.
    async fn run(&self, aws: &Aws) -> Vec<String> {
        let steps: Vec<Step> =
            std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()));
        let mut said = Vec::new();
        for step in steps.into_iter().rev() {
            let result = match &step {
                Step::AlarmState { alarm, state } => {
                    alarms::set_state(
                        aws,
                        alarm,
                        state,
                        "tfready verify: state restored after an interrupted test",
                    )
                    .await
                }
                Step::Desired { group, desired } => {
                    scaling::set_desired(aws, group, *desired).await
                }
                Step::DeleteDb { id } => restore::delete(aws, id).await,
            };
            said.push(match result {
                Ok(()) => format!("undone after the interruption: {step:?}"),
                Err(e) => format!("could not undo {step:?}: {e}"),
            });
        }
        said
    }
}

/// How long a mode waits for AWS, and how often it looks.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Waits {
    pub timeout: Duration,
    pub every: Duration,
}

impl Waits {
    fn of(target: &VerifyTarget, default_secs: u64, every_secs: u64) -> Waits {
        Waits {
            timeout: Duration::from_secs(target.exercise_timeout_secs.unwrap_or(default_secs)),
            every: Duration::from_secs(every_secs),
        }
    }
}

/// Runs the modes asked for, one after another. Ctrl-C stops the current
/// mode; every change not yet undone is undone before this returns.
pub async fn exercise(aws: &Aws, target: &VerifyTarget, modes: &[Exercise]) -> Vec<Check> {
    let undo = Undo::default();
    let done: Arc<Mutex<Vec<Check>>> = Arc::default();
    let run = async {
        for &mode in modes {
            let outcome = match mode {
                Exercise::Alarms => {
                    alarms::run(aws, target, &undo, Waits::of(target, 120, 5)).await
                }
                Exercise::Https => https_mode(target).await,
                Exercise::Scaling => {
                    scaling::run(aws, target, &undo, Waits::of(target, 900, 15)).await
                }
                Exercise::Restore => {
                    restore::run(aws, target, &undo, Waits::of(target, 3600, 30)).await
                }
            };
            let check = finish(mode.check_id(), outcome);
            done.lock().unwrap_or_else(|e| e.into_inner()).push(check);
        }
    };
    let interrupted = tokio::select! {
        () = run => false,
        _ = tokio::signal::ctrl_c() => true,
    };
    let undone = undo.run(aws).await;
    let mut checks = std::mem::take(&mut *done.lock().unwrap_or_else(|e| e.into_inner()));
    if interrupted {
        let ran: Vec<&str> = checks.iter().map(|c| c.id.as_str()).collect();
        if let Some(mode) = modes.iter().find(|m| !ran.contains(&m.check_id())) {
            let mut evidence = vec!["interrupted (Ctrl-C) before it finished".to_string()];
            evidence.extend(undone);
            checks.push(finish(mode.check_id(), Ok((super::Status::Fail, evidence))));
        }
    }
    checks
}

async fn https_mode(target: &VerifyTarget) -> super::Outcome {
    let Some(domain) = target.domain.clone() else {
        return super::skip("no domain given (--domain)");
    };
    let mut extra_roots = Vec::new();
    if let Some(path) = &target.ca_file {
        let pem = std::fs::read(path).map_err(|e| {
            crate::AwsError::invalid(
                format!("cannot read {}: {e}", path.display()),
                "pass a PEM file of CA certificates".into(),
            )
        })?;
        extra_roots = der_certs(&pem);
    }
    let probe = https::HttpsProbe {
        domain,
        https_addr: target.https_addr.clone(),
        http_addr: target.http_addr.clone(),
        extra_roots,
    };
    tokio::task::spawn_blocking(move || https::probe(&probe))
        .await
        .map_err(|e| crate::AwsError::invalid(e.to_string(), "report this as a bug".into()))
        .map(Ok)?
}

/// The certificates of a PEM file, as DER.
fn der_certs(pem: &[u8]) -> Vec<Vec<u8>> {
    use rustls::pki_types::pem::PemObject;
    rustls::pki_types::CertificateDer::pem_slice_iter(pem)
        .filter_map(Result::ok)
        .map(|c| c.to_vec())
        .collect()
}

/// Seconds since the epoch, for ids of temporary resources.
pub(crate) fn epoch_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}
