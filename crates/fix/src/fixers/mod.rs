//! The fixers: one per remediation (one file each), in the spec's phase
//! order (environments first). Each checks what is already there, so a second run changes nothing.

use tfready_model::Project;
use tfready_rules::Phase;

use crate::cx::FixCx;
use crate::hcl::{block_mut, block_text, push_snippet, replace_block};
use crate::workspace::Change;

mod acm;
mod alb;
mod alb_deletion_protection;
mod alb_listeners;
mod app_ports;
mod asg;
mod backup;
mod boot_secrets;
mod cloudfront;
mod config;
mod default_tags;
mod elasticache;
mod environments;
mod flow_logs;
mod guardduty;
mod imdsv2;
mod ingress;
mod launch_model;
mod log_retention;
mod monitoring;
mod nacl;
mod provider_pin;
mod rds_hygiene;
mod rds_monitoring;
mod read_replica;
mod s3;
mod second_subnet;
mod secrets;
mod session_manager;
mod shared;
mod state;
mod waf;

use acm::acm;
use alb::alb;
use alb_deletion_protection::alb_deletion_protection;
use alb_listeners::alb_listeners;
use app_ports::app_ports;
use asg::asg;
use backup::backup;
use cloudfront::cloudfront;
use config::config;
use default_tags::default_tags;
use elasticache::elasticache;
use environments::environments;
use flow_logs::flow_logs;
use guardduty::guardduty;
use imdsv2::imdsv2;
use log_retention::log_retention;
use monitoring::monitoring;
use nacl::nacl;
use rds_hygiene::rds_hygiene;
use rds_monitoring::rds_monitoring;
use read_replica::read_replica;
use s3::s3;
use secrets::secrets;
use session_manager::session_manager;
use state::state;
use waf::waf;

/// What every fixer file uses.
mod prelude {
    pub(super) use super::acm::acm_certificate;
    pub(super) use super::ingress::*;
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
    /// Fixers that must run first (they run even if their phase is not
    /// selected: an ALB needs its certificate).
    pub needs: &'static [&'static str],
    /// Rules whose fixes bring the gap this fixer closes (a new load
    /// balancer needs a WAF): it runs when they found one too.
    pub also_when: &'static [&'static str],
    run: fn(&mut FixCx<'_>),
}

impl Fixer {
    /// The rules whose findings it closes: those that name it
    /// (`RuleMeta::fixer`), the one place the link is written.
    pub fn rules(&self) -> impl Iterator<Item = &'static tfready_rules::RuleMeta> + '_ {
        tfready_rules::RULES
            .iter()
            .map(|r| r.meta)
            .filter(|m| m.fixer == Some(self.id))
    }
}

#[derive(Debug, Clone)]
pub struct FixOptions {
    /// Phases to apply; empty means all.
    pub phases: Vec<Phase>,
    /// Rules (ids or slugs) whose fixers to apply; empty means all.
    pub rules: Vec<String>,
    /// Tag keys every resource must carry (`required-tags` of the config).
    pub required_tags: Vec<String>,
    /// The app's health check path (`health-path` of the config).
    pub health_path: Option<String>,
}

impl Default for FixOptions {
    /// Every phase, every rule, the default configuration.
    fn default() -> Self {
        FixOptions::new(Vec::new(), Vec::new(), &tfready_rules::Config::default())
    }
}

impl FixOptions {
    /// Phases and rules as chosen, the rest from the configuration.
    pub fn new(phases: Vec<Phase>, rules: Vec<String>, config: &tfready_rules::Config) -> Self {
        FixOptions {
            phases,
            rules,
            required_tags: config.required_tags.clone(),
            health_path: config.health_path.clone(),
        }
    }
}

#[derive(Debug)]
pub struct FixPlan {
    pub changes: Vec<Change>,
    pub done: Vec<String>,
    pub next_steps: Vec<String>,
}

macro_rules! fixer {
    ($id:literal, $title:literal, $phase:expr, $needs:expr, $run:expr) => {
        fixer!($id, $title, $phase, $needs, [], $run)
    };
    ($id:literal, $title:literal, $phase:expr, $needs:expr, $also:expr, $run:expr) => {
        Fixer {
            id: $id,
            title: $title,
            phase: $phase,
            needs: &$needs,
            also_when: &$also,
            run: $run,
        }
    };
}

pub static FIXERS: &[Fixer] = &[
    // First: what later fixes write per environment needs the variable it
    // may declare.
    fixer!(
        "environments",
        "Per-environment variable files",
        Phase::QuickWin,
        [],
        environments
    ),
    fixer!(
        "state",
        "S3 backend with encryption and native locking",
        Phase::One,
        [],
        state
    ),
    fixer!(
        "secrets",
        "Secrets out of tfvars, sensitive variables, RDS-managed password, Secrets Manager",
        Phase::One,
        [],
        secrets
    ),
    fixer!(
        "rds_hygiene",
        "Database deletion protection, backups, final snapshot, Multi-AZ in prod",
        Phase::One,
        [],
        rds_hygiene
    ),
    fixer!(
        "s3",
        "S3 buckets private, versioned and encrypted",
        Phase::One,
        [],
        s3
    ),
    fixer!(
        "imdsv2",
        "Instance metadata with IMDSv2 only",
        Phase::One,
        [],
        imdsv2
    ),
    fixer!(
        "acm",
        "ACM certificate validated through Route 53",
        Phase::One,
        [],
        acm
    ),
    fixer!(
        "monitoring",
        "Alarms, SNS alerts, log groups, dashboard",
        Phase::One,
        [],
        monitoring
    ),
    fixer!(
        "app_ports",
        "Application ports closed to the internet",
        Phase::One,
        [],
        app_ports
    ),
    fixer!(
        "alb",
        "Application Load Balancer with TLS 1.3, DNS alias, app ports from the ALB only",
        Phase::Two,
        ["acm"],
        // The Auto Scaling group the single instance needs sits behind one.
        ["TFR091"],
        alb
    ),
    fixer!(
        "alb_listeners",
        "Existing load balancers: HTTPS with a current TLS policy, HTTP redirected, invalid headers dropped",
        Phase::Two,
        ["acm"],
        alb_listeners
    ),
    fixer!(
        "alb_deletion_protection",
        "Deletion protection on production load balancers",
        Phase::Two,
        [],
        alb_deletion_protection
    ),
    fixer!(
        "elasticache",
        "Managed Redis (ElastiCache)",
        Phase::Two,
        [],
        elasticache
    ),
    fixer!(
        "waf",
        "WAF on the load balancer",
        Phase::Two,
        [],
        ["TFR041", "TFR091"],
        waf
    ),
    fixer!(
        "flow_logs",
        "VPC flow logs",
        Phase::Two,
        [],
        flow_logs
    ),
    fixer!(
        "rds_monitoring",
        "RDS Performance Insights, enhanced monitoring, log exports",
        Phase::Two,
        [],
        rds_monitoring
    ),
    fixer!(
        "asg",
        "Auto Scaling group behind the load balancer, replacing the single instance",
        Phase::Three,
        ["alb"],
        ["TFR041"],
        asg
    ),
    fixer!(
        "backup",
        "AWS Backup plan for the database and instances",
        Phase::Three,
        [],
        backup
    ),
    fixer!(
        "guardduty",
        "GuardDuty with findings to SNS",
        Phase::Three,
        [],
        guardduty
    ),
    fixer!(
        "session_manager",
        "Session Manager instead of SSH",
        Phase::Three,
        [],
        session_manager
    ),
    fixer!(
        "config",
        "AWS Config recorder",
        Phase::Four,
        [],
        config
    ),
    fixer!(
        "nacl",
        "Network ACLs",
        Phase::Four,
        [],
        nacl
    ),
    fixer!(
        "cloudfront",
        "CloudFront in front of the load balancer, with its WAF",
        Phase::Four,
        [],
        ["TFR041", "TFR091"],
        cloudfront
    ),
    fixer!(
        "read_replica",
        "Read replica of the database in production",
        Phase::Four,
        [],
        read_replica
    ),
    fixer!(
        "log_retention",
        "Log groups keep logs for a set time",
        Phase::QuickWin,
        [],
        log_retention
    ),
    fixer!(
        "default_tags",
        "Cost-allocation tags in provider default_tags",
        Phase::QuickWin,
        [],
        default_tags
    ),
];

fn selected(f: &Fixer, opts: &FixOptions) -> bool {
    let phase = opts.phases.is_empty() || opts.phases.contains(&f.phase);
    let rule = opts.rules.is_empty()
        || opts
            .rules
            .iter()
            .any(|r| tfready_rules::find_rule(r).is_some_and(|rule| rule.meta.fixer == Some(f.id)));
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

/// The rules whose gaps the stack has: those with findings, and those that
/// depend on the environment (their fixers write per-environment values, so
/// they run whichever environment the stack was loaded as). Fix closes
/// these and adds nothing the audit did not ask for.
fn gaps(project: &Project, opts: &FixOptions) -> std::collections::HashSet<&'static str> {
    let config = tfready_rules::Config {
        required_tags: opts.required_tags.clone(),
        ..Default::default()
    };
    let mut ids: std::collections::HashSet<&'static str> = tfready_rules::audit(project, &config)
        .findings
        .iter()
        .map(|f| f.rule.id)
        .collect();
    ids.extend(
        tfready_rules::RULES
            .iter()
            .filter(|r| r.meta.per_environment)
            .map(|r| r.meta.id),
    );
    ids
}

/// The templates whose gap the stack has already closed, so cost's phase
/// table does not add them again: a module template is in place when the
/// rules of the fixer of its name (else the rules of its coverage rows)
/// find nothing.
pub fn in_place(
    project: &Project,
    config: &tfready_rules::Config,
) -> std::collections::BTreeSet<String> {
    let found: std::collections::HashSet<&'static str> = tfready_rules::audit(project, config)
        .findings
        .iter()
        .map(|f| f.rule.id)
        .collect();
    let mut out = std::collections::BTreeSet::new();
    for (name, rows) in manifest_modules() {
        // A fix another gap brings (the WAF of a new load balancer) is not
        // in place.
        if FIXERS
            .iter()
            .any(|f| f.id == name && f.also_when.iter().any(|r| found.contains(r)))
        {
            continue;
        }
        let by_fixer: Vec<&'static str> = FIXERS
            .iter()
            .filter(|f| f.id == name)
            .flat_map(|f| f.rules().map(|r| r.id))
            .collect();
        let rules: Vec<&'static str> = if by_fixer.is_empty() {
            tfready_rules::RULES
                .iter()
                .filter(|r| rows.contains(&r.meta.coverage_row))
                .map(|r| r.meta.id)
                .collect()
        } else {
            by_fixer
        };
        if !rules.is_empty() && rules.iter().all(|r| !found.contains(r)) {
            out.insert(name);
        }
    }
    out
}

/// The module templates of the manifest, with their coverage rows (the
/// manifest read as cost reads it).
fn manifest_modules() -> Vec<(String, Vec<u8>)> {
    let text = crate::templates::FILES
        .iter()
        .find(|(p, _)| *p == "manifest.toml")
        .map_or("", |(_, t)| *t);
    tfready_cost::Manifest::from_toml_str(text, std::path::Path::new(""))
        .map(|m| {
            m.modules
                .into_iter()
                .filter(|t| t.kind == "module")
                .map(|t| {
                    let rows = t.rows.iter().filter_map(|r| u8::try_from(*r).ok());
                    (t.name, rows.collect())
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Plans the fix: every selected fixer whose rules found a gap (and the
/// fixers it needs), in order.
pub fn plan(project: &Project, opts: &FixOptions) -> FixPlan {
    let mut cx = FixCx::new(project, opts);
    let gaps = gaps(project, opts);
    // Decided up front: the fixes before it must not wire the instance the
    // Auto Scaling group takes over.
    if FIXERS
        .iter()
        .any(|f| f.id == "asg" && selected(f, opts) && f.rules().any(|r| gaps.contains(r.id)))
    {
        cx.retired = launch_model::replaced_instance(project).map(|r| r.address());
    }
    for f in FIXERS.iter().filter(|f| {
        selected(f, opts)
            && (f.rules().any(|r| gaps.contains(r.id))
                || f.also_when.iter().any(|r| gaps.contains(r)))
    }) {
        run(&mut cx, f);
    }
    boot_secrets::boot_secrets(&mut cx);
    provider_pin::provider_pin(&mut cx);
    cloudfront::mirror_default_tags(&mut cx);
    // Two fixes may say the same thing (both edit one script): once.
    let mut seen = std::collections::HashSet::new();
    cx.done.retain(|d| seen.insert(d.clone()));
    let mut seen = std::collections::HashSet::new();
    let mut next_steps = cx.next_steps.clone();
    next_steps.retain(|d| seen.insert(d.clone()));
    // Roll the new modules out one at a time, in phase order.
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
    let mut cx = FixCx::new(project, &FixOptions::default());
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
