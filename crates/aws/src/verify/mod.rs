//! `verify`: the spec's §8.2 checklist, line by line where an account can show it,
//! with read-only calls. Each check is PASS, FAIL or SKIP (its input is missing)
//! and carries its evidence. A check whose calls fail is FAIL, with the error as
//! evidence: what cannot be shown is not passed.

mod backup;
mod compute;
pub mod exercise;
mod monitoring;
mod network;
mod recovery;
mod secrets;
mod state;
mod target;
mod tls;

use serde::{Deserialize, Serialize};

use crate::client::Aws;
use crate::error::AwsError;

pub use backup::{covers, Selection, TagCondition, TagOp};
pub use exercise::{exercise, Exercise};

/// What to look for. The CLI fills it from the Terraform project (backend block,
/// variables) or from flags; a check whose input is missing is SKIP with the reason.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyTarget {
    /// `dev`, `staging`, `prod`...: `prod`/`production`/`prd` requires min ≥ 2 in the ASG.
    pub environment: Option<String>,
    /// The state bucket (the backend's `bucket`).
    pub state_bucket: Option<String>,
    /// The DynamoDB lock table, when the backend uses one (`dynamodb_table`).
    pub lock_table: Option<String>,
    /// The domain the app is served on.
    pub domain: Option<String>,
    /// The DB secret's name or ARN in Secrets Manager.
    pub db_secret: Option<String>,
    /// The IAM role the app runs as (name or ARN).
    pub app_role: Option<String>,
    /// The RDS DB instance identifier.
    pub db_instance: Option<String>,
    /// The VPC: its id (`vpc-...`) or the value of its `Name` tag.
    pub vpc: Option<String>,
    /// The application load balancer: name or ARN.
    pub load_balancer: Option<String>,
    /// The Auto Scaling group's name.
    pub autoscaling_group: Option<String>,
    /// Only alarms whose names start with this (e.g. the project name); else all.
    pub alarm_prefix: Option<String>,
    /// Only dashboards whose names start with this; else any.
    pub dashboard_prefix: Option<String>,
    /// Ports that may be open to the world (default 80 and 443, the ALB's).
    pub public_ports: Option<Vec<u16>>,
    /// `--exercise https`: `host:port` to connect to instead of the domain's
    /// 443 (a load balancer not yet in DNS, a test server).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub https_addr: Option<String>,
    /// The same for plain HTTP instead of the domain's 80.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_addr: Option<String>,
    /// Extra CA certificates (PEM) trusted beside the platform's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_file: Option<std::path::PathBuf>,
    /// How long an exercise waits for AWS (default per mode).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exercise_timeout_secs: Option<u64>,
}

impl VerifyTarget {
    pub fn is_prod(&self) -> bool {
        self.environment
            .as_deref()
            .is_some_and(tfready_model::environments::is_prod)
    }

    pub(crate) fn public_ports(&self) -> Vec<u16> {
        self.public_ports.clone().unwrap_or_else(|| vec![80, 443])
    }
}

/// A check's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Status {
    Pass,
    Fail,
    Skip,
}

/// One checklist item, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    /// Stable id: `state-bucket`, `alb-targets`...
    pub id: String,
    pub title: String,
    /// The spec §8.2 line this check shows.
    pub checklist_line: String,
    /// The spec section that describes the component (`§1.1`).
    pub spec_section: String,
    pub status: Status,
    /// What was seen, one fact per line (or why the check was skipped).
    pub evidence: Vec<String>,
}

/// A check's fixed description.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckDef {
    pub id: &'static str,
    pub title: &'static str,
    pub checklist_line: &'static str,
    pub spec_section: &'static str,
}

const REMOTE_STATE: &str = "Remote state working (team can collaborate)";
const SECRETS: &str = "Secrets Manager tested (application can read credentials)";
const ACM: &str = "ACM certificate validated (HTTPS working)";
const ALARMS: &str = "CloudWatch alarms tested (send test notification)";
const SECURITY_GROUPS: &str = "Security groups locked down (no unnecessary public access)";
const ALB_HEALTH: &str = "ALB health checks passing";
const AUTOSCALING: &str = "Auto-scaling tested (scale up/down)";
const DISASTER_RECOVERY: &str = "Disaster recovery tested (restore from backup)";
const DASHBOARD: &str = "Monitoring dashboard created";
const ON_CALL: &str = "On-call alerts configured";

/// Every check, in the order verify reports them.
pub const CHECKS: &[CheckDef] = &[
    CheckDef {
        id: "state-bucket",
        title: "State bucket is versioned, encrypted and private",
        checklist_line: REMOTE_STATE,
        spec_section: "§1.1",
    },
    CheckDef {
        id: "state-lock-table",
        title: "State lock table has Terraform's LockID key",
        checklist_line: REMOTE_STATE,
        spec_section: "§1.1",
    },
    CheckDef {
        id: "db-secret",
        title: "DB secret exists and the app role may read it",
        checklist_line: SECRETS,
        spec_section: "§1.2",
    },
    CheckDef {
        id: "acm-certificate",
        title: "ACM certificate issued for the domain",
        checklist_line: ACM,
        spec_section: "§1.3",
    },
    CheckDef {
        id: "alb-listeners",
        title: "ALB serves HTTPS on 443 and redirects 80 to 443",
        checklist_line: ACM,
        spec_section: "§1.4",
    },
    CheckDef {
        id: "alb-targets",
        title: "ALB targets are registered and healthy",
        checklist_line: ALB_HEALTH,
        spec_section: "§1.4",
    },
    CheckDef {
        id: "alarms",
        title: "CloudWatch alarms exist and notify an SNS topic",
        checklist_line: ALARMS,
        spec_section: "§1.5",
    },
    CheckDef {
        id: "alarm-subscriptions",
        title: "Alarm topics have a confirmed subscription",
        checklist_line: ON_CALL,
        spec_section: "§1.5",
    },
    CheckDef {
        id: "dashboard",
        title: "CloudWatch dashboard exists",
        checklist_line: DASHBOARD,
        spec_section: "§1.5",
    },
    CheckDef {
        id: "security-groups",
        title: "No security group opens app ports or SSH to the world",
        checklist_line: SECURITY_GROUPS,
        spec_section: "§4.1, §4.3",
    },
    CheckDef {
        id: "waf",
        title: "WAF web ACL associated with the ALB",
        checklist_line: SECURITY_GROUPS,
        spec_section: "§2.2",
    },
    CheckDef {
        id: "vpc-flow-logs",
        title: "VPC flow logs are on",
        checklist_line: SECURITY_GROUPS,
        spec_section: "§2.3",
    },
    CheckDef {
        id: "autoscaling-group",
        title: "Auto Scaling group exists, min ≥ 2 in prod",
        checklist_line: AUTOSCALING,
        spec_section: "§2.4",
    },
    CheckDef {
        id: "backup",
        title: "A backup plan's selection covers the DB and the instances",
        checklist_line: DISASTER_RECOVERY,
        spec_section: "§3.1",
    },
    CheckDef {
        id: "backup-recency",
        title: "Each protected resource has a recovery point as recent as its schedule",
        checklist_line: DISASTER_RECOVERY,
        spec_section: "§3.1",
    },
    CheckDef {
        id: "guardduty",
        title: "GuardDuty detector enabled",
        checklist_line: ON_CALL,
        spec_section: "§3.3",
    },
];

/// The checks of `--exercise`, one per mode.
pub const EXERCISE_CHECKS: &[CheckDef] = &[
    CheckDef {
        id: "exercise-alarms",
        title: "Alarms send a test notification",
        checklist_line: ALARMS,
        spec_section: "§1.5",
    },
    CheckDef {
        id: "exercise-https",
        title: "HTTPS answers with a valid chain and HTTP redirects to it",
        checklist_line: ACM,
        spec_section: "§1.3, §1.4",
    },
    CheckDef {
        id: "exercise-scaling",
        title: "The Auto Scaling group scales up and down",
        checklist_line: AUTOSCALING,
        spec_section: "§2.4",
    },
    CheckDef {
        id: "exercise-restore",
        title: "The database restores from its latest snapshot",
        checklist_line: DISASTER_RECOVERY,
        spec_section: "§3.1",
    },
];

fn def(id: &str) -> &'static CheckDef {
    CHECKS
        .iter()
        .chain(EXERCISE_CHECKS)
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("unknown check id {id}"))
}

/// What a check function returns: its status and evidence, or the call that failed.
pub(crate) type Outcome = Result<(Status, Vec<String>), AwsError>;

pub(crate) fn skip(reason: impl Into<String>) -> Outcome {
    Ok((Status::Skip, vec![reason.into()]))
}

fn finish(id: &str, outcome: Outcome) -> Check {
    let d = def(id);
    let (status, evidence) = match outcome {
        Ok(x) => x,
        Err(e) => (Status::Fail, vec![format!("could not check: {e}")]),
    };
    Check {
        id: d.id.to_string(),
        title: d.title.to_string(),
        checklist_line: d.checklist_line.to_string(),
        spec_section: d.spec_section.to_string(),
        status,
        evidence,
    }
}

/// Things several checks need, looked up once.
pub(crate) struct Resolved {
    pub alb: Option<Result<tls::Alb, AwsError>>,
    pub vpc: Option<Result<String, AwsError>>,
    pub asg: Option<Result<compute::Asg, AwsError>>,
}

/// Runs every check with read-only calls. Never fails as a whole: a check whose
/// calls fail is FAIL with the error as its evidence.
pub async fn verify(aws: &Aws, target: &VerifyTarget) -> Vec<Check> {
    let resolved = Resolved {
        alb: match &target.load_balancer {
            Some(name) => Some(tls::resolve_alb(aws, name).await),
            None => None,
        },
        vpc: match &target.vpc {
            Some(v) => Some(network::resolve_vpc(aws, v).await),
            None => None,
        },
        asg: match &target.autoscaling_group {
            Some(name) => Some(compute::resolve_asg(aws, name).await),
            None => None,
        },
    };
    let r = &resolved;
    let (a, b, c, d, e, f) = tokio::join!(
        state::bucket(aws, target),
        state::lock_table(aws, target),
        secrets::db_secret(aws, target),
        tls::certificate(aws, target),
        tls::listeners(aws, r),
        tls::targets(aws, r),
    );
    let (alarms, dash, sg, waf, flow, asg, bk, gd) = tokio::join!(
        monitoring::alarms(aws, target),
        monitoring::dashboard(aws, target),
        network::security_groups(aws, target, r),
        tls::waf(aws, r),
        network::flow_logs(aws, r),
        compute::autoscaling(aws, target, r),
        backup::backup(aws, target, r),
        monitoring::guardduty(aws),
    );
    let (alarm_outcome, subscriptions) = alarms;
    let (bk, recent) = bk;
    vec![
        finish("state-bucket", a),
        finish("state-lock-table", b),
        finish("db-secret", c),
        finish("acm-certificate", d),
        finish("alb-listeners", e),
        finish("alb-targets", f),
        finish("alarms", alarm_outcome),
        finish("alarm-subscriptions", subscriptions),
        finish("dashboard", dash),
        finish("security-groups", sg),
        finish("waf", waf),
        finish("vpc-flow-logs", flow),
        finish("autoscaling-group", asg),
        finish("backup", bk),
        finish("backup-recency", recent),
        finish("guardduty", gd),
    ]
}

/// Up to `n` items, then "and N more".
pub(crate) fn some_of(items: &[String], n: usize) -> String {
    if items.len() <= n {
        items.join(", ")
    } else {
        format!("{}, and {} more", items[..n].join(", "), items.len() - n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn ids_are_unique_and_every_check_cites_a_checklist_line() {
        let ids: BTreeSet<_> = CHECKS.iter().map(|c| c.id).collect();
        assert_eq!(ids.len(), CHECKS.len());
        let spec = [
            REMOTE_STATE,
            SECRETS,
            ACM,
            ALARMS,
            SECURITY_GROUPS,
            ALB_HEALTH,
            AUTOSCALING,
            DISASTER_RECOVERY,
            DASHBOARD,
            ON_CALL,
        ];
        for c in CHECKS {
            assert!(spec.contains(&c.checklist_line), "{}", c.id);
        }
    }

    #[test]
    fn serializes_status_in_capitals() {
        let c = finish("guardduty", Ok((Status::Pass, vec!["x".into()])));
        let v = serde_json::to_value(&c).unwrap();
        assert_eq!(v["status"], "PASS");
        assert_eq!(v["checklist_line"], ON_CALL);
    }
}

#[cfg(test)]
mod iam_doc {
    use std::collections::BTreeSet;

    /// The calls a source file makes: `"service:Action"` literals passed to
    /// `error(`, `refused(` or as `call:`.
    fn calls_in(source: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let quotes: Vec<usize> = source.match_indices('"').map(|(i, _)| i).collect();
        for pair in quotes.chunks(2) {
            let [open, close] = pair else { continue };
            let piece = &source[open + 1..*close];
            let before = source[..*open].trim_end();
            let as_call = ["error(", "refused(", "call:"]
                .iter()
                .any(|p| before.ends_with(p));
            let shaped = piece.split_once(':').is_some_and(|(svc, action)| {
                !svc.is_empty()
                    && svc
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                    && action.chars().all(|c| c.is_ascii_alphanumeric())
            });
            if as_call && shaped {
                out.insert(crate::error::iam_action(piece).to_string());
            }
        }
        out
    }

    fn policy_actions(doc: &str, sid: &str) -> BTreeSet<String> {
        let at = doc.find(sid).expect("sid in IAM.md");
        let start = doc[..at].rfind("```json").unwrap() + "```json".len();
        let end = start + doc[start..].find("```").unwrap();
        let v: serde_json::Value = serde_json::from_str(&doc[start..end]).unwrap();
        v["Statement"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["Action"].as_array().unwrap().iter())
            .map(|a| a.as_str().unwrap().to_string())
            .collect()
    }

    /// IAM.md's verify policy lists exactly the calls verify makes: the ones in
    /// src/verify/, the bucket and table reads it shares with bootstrap, and STS.
    #[test]
    fn verify_policy_lists_exactly_the_calls_made() {
        let mut used = BTreeSet::new();
        for src in [
            include_str!("mod.rs"),
            include_str!("state.rs"),
            include_str!("secrets.rs"),
            include_str!("tls.rs"),
            include_str!("monitoring.rs"),
            include_str!("network.rs"),
            include_str!("compute.rs"),
            include_str!("backup.rs"),
            include_str!("recovery.rs"),
        ] {
            used.extend(calls_in(src));
        }
        // Shared readers in bootstrap/s3.rs and bootstrap/lock_table.rs, and the connection.
        for shared in [
            "s3:GetBucketVersioning",
            "s3:GetEncryptionConfiguration",
            "s3:GetBucketPublicAccessBlock",
            "s3:GetBucketPolicy",
            "dynamodb:DescribeTable",
            "sts:GetCallerIdentity",
        ] {
            used.insert(shared.to_string());
        }
        // Strings that name actions the role is evaluated for, not calls.
        used.remove("secretsmanager:GetSecretValue");
        used.remove("kms:Decrypt");
        let doc = include_str!("../../IAM.md");
        assert_eq!(policy_actions(doc, "TfreadyVerifyReadOnly"), used);
        for a in &used {
            let verb = a.split(':').nth(1).unwrap();
            assert!(
                ["Get", "List", "Describe", "Simulate"]
                    .iter()
                    .any(|p| verb.starts_with(p)),
                "verify must stay read-only: {a}"
            );
        }
    }

    /// The exercise policy lists exactly the calls the modes make (plus the
    /// permission tagging a restored instance needs).
    #[test]
    fn exercise_policy_lists_exactly_the_calls_made() {
        let mut used = BTreeSet::new();
        for src in [
            include_str!("exercise/mod.rs"),
            include_str!("exercise/alarms.rs"),
            include_str!("exercise/scaling.rs"),
            include_str!("exercise/restore.rs"),
            include_str!("exercise/https.rs"),
        ] {
            used.extend(calls_in(src));
        }
        used.insert("rds:AddTagsToResource".to_string());
        let doc = include_str!("../../IAM.md");
        assert_eq!(policy_actions(doc, "TfreadyVerifyExercise"), used);
    }

    /// The bootstrap policy covers every call bootstrap and the connection make.
    #[test]
    fn bootstrap_policy_covers_the_calls_made() {
        let mut used = BTreeSet::new();
        for src in [
            include_str!("../bootstrap/mod.rs"),
            include_str!("../bootstrap/bucket.rs"),
            include_str!("../bootstrap/lock_table.rs"),
            include_str!("../bootstrap/names.rs"),
            include_str!("../bootstrap/s3.rs"),
        ] {
            used.extend(calls_in(src));
        }
        used.insert("sts:GetCallerIdentity".to_string());
        let doc = include_str!("../../IAM.md");
        assert_eq!(policy_actions(doc, "TfreadyBootstrapWhoAmI"), used);
        assert!(!used.iter().any(|a| a.contains(":Delete")));
    }
}
