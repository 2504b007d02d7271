//! `tfready bootstrap-state` and `tfready verify`: the live account,
//! through tfready-aws (the official AWS SDK).

use std::io::IsTerminal;

use tfready_aws::blocking::Session;
use tfready_aws::{
    backend_block, migration_steps, AwsOptions, BootstrapRequest, Exercise, Status, VerifyTarget,
};
use tfready_model::{LoadOptions, Project};

use crate::args::{AwsArgs, BootstrapArgs, VerifyArgs};
use crate::commands::load;
use crate::exit;
use crate::output::{error, print};

fn options(a: &AwsArgs) -> AwsOptions {
    AwsOptions {
        profile: a.profile.clone(),
        region: a.region.clone(),
        endpoint_url: a.endpoint_url.clone(),
        max_attempts: a.max_attempts,
    }
}

fn connect(a: &AwsArgs) -> Result<Session, u8> {
    Session::connect(&options(a)).map_err(|e| {
        error(&e.to_string());
        exit::INPUT
    })
}

pub fn bootstrap(args: &BootstrapArgs) -> u8 {
    let session = match connect(&args.aws) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let request = BootstrapRequest {
        bucket: args.bucket.clone(),
        lock_table: args.lock_table.clone(),
        kms_key: args.kms_key.clone(),
    };
    let plan = match session.plan_bootstrap(&request) {
        Ok(p) => p,
        Err(e) => {
            error(&e.to_string());
            return exit::INPUT;
        }
    };
    let mut out = format!(
        "Account {}, region {}, bucket {}\n",
        plan.account, plan.region, plan.bucket
    );
    for e in &plan.existing {
        out.push_str(&format!("  exists: {e}\n"));
    }
    if plan.is_empty() {
        out.push_str("Nothing to change: the state backend is already in place.\n");
    } else {
        out.push_str("Steps:\n");
        for s in &plan.steps {
            out.push_str(&format!("  - {} ({}) [{}]\n", s.what, s.why, s.call));
        }
        if plan.changes_existing() && !args.yes {
            print(&out);
            out.clear();
            if !std::io::stdin().is_terminal() {
                error("the bucket exists and the steps above would change it: re-run with --yes to apply them");
                return exit::FINDINGS;
            }
            eprint!("Apply these changes to the existing bucket? [y/N] ");
            let mut answer = String::new();
            let _ = std::io::stdin().read_line(&mut answer);
            if !answer.trim().eq_ignore_ascii_case("y") {
                error("nothing changed");
                return exit::FINDINGS;
            }
        }
        match session.apply(&plan) {
            Ok(report) => {
                for c in &report.changed {
                    out.push_str(&format!("  done: {c}\n"));
                }
                for c in &report.already_done {
                    out.push_str(&format!("  already done: {c}\n"));
                }
            }
            Err(e) => {
                print(&out);
                error(&e.to_string());
                return exit::INPUT;
            }
        }
    }
    // Point the project at the bucket.
    let project = Project::load(&args.path, &LoadOptions::default()).ok();
    let env = project.as_ref().and_then(|p| p.environment());
    let key = args
        .key
        .clone()
        .unwrap_or_else(|| tfready_aws::state_key(env.as_deref()));
    let block = backend_block(
        &plan.bucket,
        &key,
        &plan.region,
        args.lock_table.as_deref(),
        args.kms_key.as_deref(),
    );
    if let (Some(project), false) = (project, args.no_write) {
        let changes = tfready_fix::backend_changes(&project, &indent(&block));
        if changes.is_empty() {
            out.push_str("The project's backend block already points at the bucket.\n");
        } else if !args.allow_dirty && tfready_fix::git_dirty(&project.root) == Some(true) {
            out.push_str(&format!("Not writing the backend block: the git work tree has uncommitted changes (use --allow-dirty). The block:\n{block}\n"));
        } else {
            match tfready_fix::apply(&project.root, &changes) {
                Ok(applied) => out.push_str(&format!(
                    "Backend block written in {}.\n",
                    applied.written.join(", ")
                )),
                Err(e) => {
                    print(&out);
                    error(&e.to_string());
                    return exit::INPUT;
                }
            }
        }
    } else {
        out.push_str(&format!("Backend block:\n{block}\n"));
    }
    out.push_str(&format!(
        "\nNext:\n{}\n",
        migration_steps(&plan.bucket, &key)
    ));
    print(&out);
    exit::OK
}

/// A top-level `backend` block indented to sit inside `terraform {}`.
fn indent(block: &str) -> String {
    // backend_block gives a whole `terraform { backend ... }`: keep the inner block.
    let inner: Vec<&str> = block.lines().collect();
    let start = inner
        .iter()
        .position(|l| l.trim_start().starts_with("backend "))
        .unwrap_or(0);
    let end = inner
        .iter()
        .rposition(|l| l.trim() == "}")
        .unwrap_or(inner.len());
    let body: Vec<&str> = if inner
        .first()
        .is_some_and(|l| l.trim_start().starts_with("terraform"))
    {
        inner[start..end].to_vec()
    } else {
        inner
    };
    let min = body
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    body.iter()
        .map(|l| {
            if l.trim().is_empty() {
                "\n".to_string()
            } else {
                format!("  {}\n", &l[min..])
            }
        })
        .collect()
}

/// What to look for in the account: the project's names, under what the
/// user passed.
fn target(project: &Project, args: &VerifyArgs) -> VerifyTarget {
    let of = VerifyTarget::of(project);
    VerifyTarget {
        state_bucket: args.state_bucket.clone().or(of.state_bucket.clone()),
        domain: args.domain.clone().or(of.domain.clone()),
        db_secret: args.db_secret.clone(),
        load_balancer: args.load_balancer.clone().or(of.load_balancer.clone()),
        autoscaling_group: args
            .autoscaling_group
            .clone()
            .or(of.autoscaling_group.clone()),
        https_addr: args.https_addr.clone(),
        http_addr: args.http_addr.clone(),
        ca_file: args.ca_file.clone(),
        exercise_timeout_secs: args.exercise_timeout,
        ..of
    }
}

/// The exercise modes asked for, once each, after the user agreed: on a
/// terminal they are asked; elsewhere `--yes` is required.
fn exercises(args: &VerifyArgs) -> Result<Vec<Exercise>, u8> {
    let mut modes: Vec<Exercise> = Vec::new();
    for m in args.exercise.iter().filter_map(|m| Exercise::parse(m)) {
        if !modes.contains(&m) {
            modes.push(m);
        }
    }
    if modes.is_empty() || args.yes {
        return Ok(modes);
    }
    if !std::io::stdin().is_terminal() {
        error(
            "--exercise changes the account for a while: pass --yes to run it without a terminal",
        );
        return Err(exit::INPUT);
    }
    let mut text = String::from("verify --exercise will, in this account:\n");
    for m in &modes {
        text.push_str(&format!("  {}: {}\n", m.name(), m.changes()));
    }
    text.push_str("Every change is undone before verify ends. Go on? [y/N] ");
    crate::output::prompt(&text);
    let mut answer = String::new();
    let _ = std::io::stdin().read_line(&mut answer);
    if matches!(answer.trim(), "y" | "Y" | "yes") {
        Ok(modes)
    } else {
        error("nothing exercised");
        Err(exit::INPUT)
    }
}

pub fn verify(args: &VerifyArgs) -> u8 {
    let project = match load(&args.project, None) {
        Ok(l) => l.project,
        Err(code) => return code,
    };
    let modes = match exercises(args) {
        Ok(m) => m,
        Err(code) => return code,
    };
    let session = match connect(&args.aws) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let target = target(&project, args);
    let mut checks = session.verify(&target);
    if !modes.is_empty() {
        checks.extend(session.exercise(&target, &modes));
    }
    let text = crate::verify_report::render(&args.format, &checks);
    print(&project.scrub(&text));
    if checks.iter().any(|c| c.status == Status::Fail) {
        exit::FINDINGS
    } else {
        exit::OK
    }
}
