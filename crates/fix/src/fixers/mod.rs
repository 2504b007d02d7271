//! The fixers: one per remediation (one file each), in the spec's phase
//! order. Each checks what is already there, so a second run changes nothing.

use tfready_model::Project;
use tfready_rules::Phase;

use crate::cx::FixCx;
use crate::hcl::{block_mut, block_text, push_snippet, replace_block};
use crate::workspace::Change;

mod acm;
mod alb;
mod app_ports;
mod backup;
mod config;
mod default_tags;
mod elasticache;
mod environments;
mod flow_logs;
mod guardduty;
mod imdsv2;
mod monitoring;
mod nacl;
mod rds_monitoring;
mod s3;
mod secrets;
mod session_manager;
mod shared;
mod state;
mod waf;

use acm::acm;
use alb::alb;
use app_ports::app_ports;
use backup::backup;
use config::config;
use default_tags::default_tags;
use elasticache::elasticache;
use environments::environments;
use flow_logs::flow_logs;
use guardduty::guardduty;
use imdsv2::imdsv2;
use monitoring::monitoring;
use nacl::nacl;
use rds_monitoring::rds_monitoring;
use s3::s3;
use secrets::secrets;
use session_manager::session_manager;
use state::state;
use waf::waf;

/// What every fixer file uses.
mod prelude {
    pub(super) use super::shared::*;
    pub(super) use crate::cx::FixCx;
    pub(super) use crate::hcl::{
        align, block_mut, block_text, comment_above, find_block_mut, push_snippet, remove_where,
        replace_block, set_attr,
    };
    pub(super) use crate::templates::FILES;
    pub(super) use crate::wiring::combined_count;
    pub(super) use tfready_model::hcl_edit::structure::Structure;
    pub(super) use tfready_model::VarOrigin;
}

pub struct Fixer {
    pub id: &'static str,
    pub title: &'static str,
    pub phase: Phase,
    /// Coverage rows it closes.
    pub rows: &'static [u8],
    /// Rule ids whose findings it closes.
    pub rules: &'static [&'static str],
    /// Fixers that must run first (they run even if their phase is not
    /// selected: an ALB needs its certificate).
    pub needs: &'static [&'static str],
    run: fn(&mut FixCx<'_>),
}

#[derive(Debug, Clone, Default)]
pub struct FixOptions {
    /// Phases to apply; empty means all.
    pub phases: Vec<Phase>,
    /// Rules (ids or slugs) whose fixers to apply; empty means all.
    pub rules: Vec<String>,
}

#[derive(Debug)]
pub struct FixPlan {
    pub changes: Vec<Change>,
    pub done: Vec<String>,
    pub next_steps: Vec<String>,
}

macro_rules! fixer {
    ($id:literal, $title:literal, $phase:expr, $rows:expr, $rules:expr, $needs:expr, $run:expr) => {
        Fixer {
            id: $id,
            title: $title,
            phase: $phase,
            rows: &$rows,
            rules: &$rules,
            needs: &$needs,
            run: $run,
        }
    };
}

pub static FIXERS: &[Fixer] = &[
    fixer!(
        "state",
        "S3 backend with encryption and native locking",
        Phase::One,
        [1],
        ["TFR011", "TFR012"],
        [],
        state
    ),
    fixer!(
        "secrets",
        "Secrets out of tfvars, sensitive variables, RDS-managed password, Secrets Manager",
        Phase::One,
        [2],
        ["TFR021", "TFR022"],
        [],
        secrets
    ),
    fixer!(
        "s3",
        "S3 buckets private, versioned and encrypted",
        Phase::One,
        [0],
        ["TFR901", "TFR902", "TFR903"],
        [],
        s3
    ),
    fixer!(
        "imdsv2",
        "Instance metadata with IMDSv2 only",
        Phase::One,
        [0],
        ["TFR921"],
        [],
        imdsv2
    ),
    fixer!(
        "acm",
        "ACM certificate validated through Route 53",
        Phase::One,
        [3],
        ["TFR031"],
        [],
        acm
    ),
    fixer!(
        "monitoring",
        "Alarms, SNS alerts, log groups, dashboard",
        Phase::One,
        [5],
        ["TFR051"],
        [],
        monitoring
    ),
    fixer!(
        "app_ports",
        "Application ports closed to the internet",
        Phase::One,
        [13],
        ["TFR131"],
        [],
        app_ports
    ),
    fixer!(
        "alb",
        "Application Load Balancer with TLS 1.3, DNS alias, app ports from the ALB only",
        Phase::Two,
        [4, 13],
        ["TFR041", "TFR031", "TFR131"],
        ["acm"],
        alb
    ),
    fixer!(
        "elasticache",
        "Managed Redis (ElastiCache)",
        Phase::Two,
        [6],
        ["TFR061"],
        [],
        elasticache
    ),
    fixer!(
        "waf",
        "WAF on the load balancer",
        Phase::Two,
        [7],
        ["TFR071"],
        ["alb"],
        waf
    ),
    fixer!(
        "flow_logs",
        "VPC flow logs",
        Phase::Two,
        [8],
        ["TFR081"],
        [],
        flow_logs
    ),
    fixer!(
        "rds_monitoring",
        "RDS Performance Insights, enhanced monitoring, log exports",
        Phase::Two,
        [14],
        ["TFR141"],
        [],
        rds_monitoring
    ),
    fixer!(
        "backup",
        "AWS Backup plan for the database and instances",
        Phase::Three,
        [10],
        ["TFR101"],
        [],
        backup
    ),
    fixer!(
        "guardduty",
        "GuardDuty with findings to SNS",
        Phase::Three,
        [12],
        ["TFR121"],
        [],
        guardduty
    ),
    fixer!(
        "session_manager",
        "Session Manager instead of SSH",
        Phase::Three,
        [15],
        ["TFR151"],
        [],
        session_manager
    ),
    fixer!(
        "config",
        "AWS Config recorder",
        Phase::Four,
        [19],
        ["TFR191"],
        [],
        config
    ),
    fixer!(
        "nacl",
        "Network ACLs",
        Phase::Four,
        [19],
        ["TFR192"],
        [],
        nacl
    ),
    fixer!(
        "default_tags",
        "Cost-allocation tags in provider default_tags",
        Phase::QuickWin,
        [17],
        ["TFR171"],
        [],
        default_tags
    ),
    fixer!(
        "environments",
        "Per-environment variable files",
        Phase::QuickWin,
        [16],
        ["TFR161"],
        [],
        environments
    ),
];

fn selected(f: &Fixer, opts: &FixOptions) -> bool {
    let phase = opts.phases.is_empty() || opts.phases.contains(&f.phase);
    let rule = opts.rules.is_empty()
        || opts.rules.iter().any(|r| {
            f.rules.iter().any(|id| {
                id.eq_ignore_ascii_case(r)
                    || tfready_rules::find_rule(r).is_some_and(|rule| rule.meta.id == *id)
            })
        });
    phase && rule
}

fn run(cx: &mut FixCx<'_>, f: &Fixer) {
    if cx.ran.contains(&f.id) {
        return;
    }
    cx.ran.push(f.id);
    for need in f.needs {
        if let Some(n) = FIXERS.iter().find(|x| x.id == *need) {
            run(cx, n);
        }
    }
    (f.run)(cx);
}

/// Plans the fix: every selected fixer (and what it needs), in order.
pub fn plan(project: &Project, opts: &FixOptions) -> FixPlan {
    let mut cx = FixCx::new(project);
    for f in FIXERS.iter().filter(|f| selected(f, opts)) {
        run(&mut cx, f);
    }
    let mut next_steps = cx.next_steps.clone();
    next_steps.dedup();
    // Roll the new modules out one at a time, in phase order (roadmap 8.1).
    let added: Vec<String> = cx
        .done
        .iter()
        .filter_map(|d| {
            d.strip_prefix("module \"")
                .and_then(|r| r.split('"').next())
                .map(str::to_string)
        })
        .collect();
    for m in &added {
        next_steps.push(format!("terraform apply -target=module.{m}"));
    }
    if !added.is_empty() {
        next_steps.push("terraform plan   # should show no further changes".into());
    }
    FixPlan {
        changes: cx.ws.changes(),
        done: cx.done,
        next_steps,
    }
}

/// The edit that makes the root module's backend `snippet` (a `backend`
/// block, indented for a `terraform` block): used by `bootstrap-state`.
/// Empty when the backend is already exactly that.
pub fn backend_changes(project: &Project, snippet: &str) -> Vec<Change> {
    let mut cx = FixCx::new(project);
    let root = project.root_module();
    let file = match root.backend() {
        Some((tf, _)) => project.files[tf.file].display.clone(),
        None => root
            .terraform
            .first()
            .map(|t| project.files[t.file].display.clone())
            .unwrap_or_else(|| cx.root_file("main.tf")),
    };
    let want = tfready_model::hcl_edit::parser::parse_body(snippet)
        .ok()
        .and_then(|b| b.blocks().next().map(block_text));
    cx.edit_file(&file, |body| {
        if block_mut(body, "terraform", &[]).is_none() {
            push_snippet(body, "terraform {\n}\n");
        }
        let tf = block_mut(body, "terraform", &[]).expect("just ensured");
        let current = tf
            .body
            .blocks()
            .find(|b| b.ident.as_str() == "backend")
            .map(block_text);
        if current.is_some() && current == want {
            return;
        }
        if current.is_some() {
            replace_block(
                &mut tf.body,
                "the state bucket was bootstrapped by `tfready bootstrap-state`",
                snippet,
                |b| b.ident.as_str() == "backend",
            );
        } else {
            push_snippet(&mut tf.body, snippet);
        }
    });
    cx.ws.changes()
}
