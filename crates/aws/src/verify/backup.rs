//! Backups: a plan with rules whose selections cover the DB and the instances.
//!
//! Selection semantics (AWS Backup resource assignment): a resource is selected
//! when it matches one of `Resources` (ARNs, `*` wildcards) or one of `ListOfTags`
//! (ORed), and every one of `Conditions` (ANDed), and none of `NotResources`.

use aws_sdk_backup::types::ConditionType;
use serde::{Deserialize, Serialize};

use super::{skip, Outcome, Resolved, Status, VerifyTarget};
use crate::client::Aws;
use crate::error::AwsError;
use crate::policy::wildcard_match;

/// How a tag condition compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TagOp {
    Equals,
    Like,
    NotEquals,
    NotLike,
}

/// One tag condition of a selection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagCondition {
    pub op: TagOp,
    /// The tag key (`aws:ResourceTag/` prefix removed).
    pub key: String,
    pub value: String,
}

/// A backup selection, as read from `backup:GetBackupSelection`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Selection {
    pub name: String,
    pub resources: Vec<String>,
    pub not_resources: Vec<String>,
    /// ORed, `STRINGEQUALS`.
    pub list_of_tags: Vec<TagCondition>,
    /// ANDed.
    pub conditions: Vec<TagCondition>,
}

fn tag_key(k: &str) -> &str {
    k.strip_prefix("aws:ResourceTag/").unwrap_or(k)
}

fn condition_holds(c: &TagCondition, tags: &[(String, String)]) -> bool {
    let value = tags
        .iter()
        .find(|(k, _)| k == tag_key(&c.key))
        .map(|(_, v)| v.as_str());
    match c.op {
        TagOp::Equals => value == Some(c.value.as_str()),
        TagOp::Like => value.is_some_and(|v| wildcard_match(&c.value, v, false)),
        TagOp::NotEquals => value != Some(c.value.as_str()),
        TagOp::NotLike => !value.is_some_and(|v| wildcard_match(&c.value, v, false)),
    }
}

/// Does the selection cover the resource with this ARN and these tags?
pub fn covers(sel: &Selection, arn: &str, tags: &[(String, String)]) -> bool {
    let by_arn = sel.resources.iter().any(|r| wildcard_match(r, arn, false));
    let by_tag = sel.list_of_tags.iter().any(|c| condition_holds(c, tags));
    let conditions = sel.conditions.iter().all(|c| condition_holds(c, tags));
    let excluded = sel
        .not_resources
        .iter()
        .any(|r| wildcard_match(r, arn, false));
    (by_arn || by_tag) && conditions && !excluded
}

struct Resource {
    what: String,
    arn: String,
    tags: Vec<(String, String)>,
}

async fn resources(
    aws: &Aws,
    target: &VerifyTarget,
    r: &Resolved,
) -> Result<(Vec<Resource>, Vec<String>), AwsError> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    if let Some(db) = &target.db_instance {
        let rds = aws_sdk_rds::Client::new(&aws.config);
        match rds
            .describe_db_instances()
            .db_instance_identifier(db)
            .send()
            .await
        {
            Ok(d) => {
                if let Some(i) = d.db_instances().first() {
                    out.push(Resource {
                        what: format!("DB instance {db}"),
                        arn: i.db_instance_arn().unwrap_or_default().to_string(),
                        tags: i
                            .tag_list()
                            .iter()
                            .map(|t| {
                                (
                                    t.key().unwrap_or_default().to_string(),
                                    t.value().unwrap_or_default().to_string(),
                                )
                            })
                            .collect(),
                    });
                }
            }
            Err(err)
                if err
                    .as_service_error()
                    .is_some_and(|e| e.is_db_instance_not_found_fault()) =>
            {
                problems.push(format!(
                    "DB instance {db} does not exist (rds:DescribeDBInstances)"
                ));
            }
            Err(err) => {
                return Err(aws.ctx.error(
                    "rds:DescribeDBInstances",
                    &format!("DB instance {db}"),
                    &err,
                ))
            }
        }
    }
    match &r.asg {
        None => {}
        Some(Err(e)) => problems.push(format!("the Auto Scaling group could not be read: {e}")),
        Some(Ok(asg)) => {
            let ids: Vec<String> = asg.instances.iter().map(|(id, _)| id.clone()).collect();
            if ids.is_empty() {
                problems.push(format!(
                    "Auto Scaling group {} has no instances to check",
                    asg.name
                ));
            } else {
                let ec2 = aws_sdk_ec2::Client::new(&aws.config);
                let d = ec2
                    .describe_instances()
                    .set_instance_ids(Some(ids))
                    .send()
                    .await
                    .map_err(|e| {
                        aws.ctx.error(
                            "ec2:DescribeInstances",
                            &format!("instances of Auto Scaling group {}", asg.name),
                            &e,
                        )
                    })?;
                for res in d.reservations() {
                    for i in res.instances() {
                        let id = i.instance_id().unwrap_or("?");
                        out.push(Resource {
                            what: format!("instance {id}"),
                            arn: format!(
                                "arn:{}:ec2:{}:{}:instance/{id}",
                                aws.caller.partition, aws.region, aws.caller.account
                            ),
                            tags: i
                                .tags()
                                .iter()
                                .map(|t| {
                                    (
                                        t.key().unwrap_or_default().to_string(),
                                        t.value().unwrap_or_default().to_string(),
                                    )
                                })
                                .collect(),
                        });
                    }
                }
            }
        }
    }
    Ok((out, problems))
}

fn to_selection(name: &str, s: &aws_sdk_backup::types::BackupSelection) -> Selection {
    let conv = |op: TagOp, v: &[aws_sdk_backup::types::ConditionParameter]| -> Vec<TagCondition> {
        v.iter()
            .map(|c| TagCondition {
                op,
                key: c.condition_key().unwrap_or_default().to_string(),
                value: c.condition_value().unwrap_or_default().to_string(),
            })
            .collect()
    };
    let mut conditions = Vec::new();
    if let Some(c) = s.conditions() {
        conditions.extend(conv(TagOp::Equals, c.string_equals()));
        conditions.extend(conv(TagOp::Like, c.string_like()));
        conditions.extend(conv(TagOp::NotEquals, c.string_not_equals()));
        conditions.extend(conv(TagOp::NotLike, c.string_not_like()));
    }
    Selection {
        name: name.to_string(),
        resources: s.resources().to_vec(),
        not_resources: s.not_resources().to_vec(),
        list_of_tags: s
            .list_of_tags()
            .iter()
            .filter(|c| c.condition_type() == &ConditionType::Stringequals)
            .map(|c| TagCondition {
                op: TagOp::Equals,
                key: c.condition_key().to_string(),
                value: c.condition_value().to_string(),
            })
            .collect(),
        conditions,
    }
}

/// Reads each plan's rules (as evidence) and, for plans with rules, their selections.
async fn read_selections(
    aws: &Aws,
    client: &aws_sdk_backup::Client,
    plans: &[(String, String)],
    selections: &mut Vec<(String, Selection)>,
    evidence: &mut Vec<String>,
    schedules: &mut Vec<(String, u64, u64)>,
) -> Result<(), AwsError> {
    for (id, name) in plans {
        let ptarget = format!("backup plan {name}");
        let plan = client
            .get_backup_plan()
            .backup_plan_id(id)
            .send()
            .await
            .map_err(|e| aws.ctx.error("backup:GetBackupPlan", &ptarget, &e))?;
        let rules = plan.backup_plan().map(|p| p.rules().len()).unwrap_or(0);
        // The plan's tightest rule: (interval, start window) in hours.
        if let Some(tightest) = plan
            .backup_plan()
            .into_iter()
            .flat_map(|p| p.rules())
            .map(|r| {
                (
                    super::recovery::interval_hours(r.schedule_expression().unwrap_or("")),
                    r.start_window_minutes()
                        .map_or(8, |m| (m as u64).div_ceil(60)),
                )
            })
            .min()
        {
            schedules.push((name.clone(), tightest.0, tightest.1));
        }
        evidence.push(format!("backup plan {name}: {rules} rule(s)"));
        if rules == 0 {
            continue;
        }
        let mut token: Option<String> = None;
        loop {
            let page = client
                .list_backup_selections()
                .backup_plan_id(id)
                .set_next_token(token.clone())
                .send()
                .await
                .map_err(|e| aws.ctx.error("backup:ListBackupSelections", &ptarget, &e))?;
            for s in page.backup_selections_list() {
                let Some(sid) = s.selection_id() else {
                    continue;
                };
                let got = client
                    .get_backup_selection()
                    .backup_plan_id(id)
                    .selection_id(sid)
                    .send()
                    .await
                    .map_err(|e| aws.ctx.error("backup:GetBackupSelection", &ptarget, &e))?;
                if let Some(sel) = got.backup_selection() {
                    selections.push((name.clone(), to_selection(sel.selection_name(), sel)));
                }
            }
            match page.next_token() {
                Some(t) if !t.is_empty() => token = Some(t.to_string()),
                _ => break,
            }
        }
    }
    Ok(())
}

/// The backup coverage check, and the recovery point recency check over what
/// is covered.
pub(crate) async fn backup(aws: &Aws, target: &VerifyTarget, r: &Resolved) -> (Outcome, Outcome) {
    let mut covered = Vec::new();
    let coverage = coverage(aws, target, r, &mut covered).await;
    let recency = match &coverage {
        Ok(_) => super::recovery::recency(aws, &covered).await,
        Err(_) => skip("the backup plans could not be read (see the backup check)"),
    };
    (coverage, recency)
}

async fn coverage(
    aws: &Aws,
    target: &VerifyTarget,
    r: &Resolved,
    covered: &mut Vec<(String, String, u64, u64)>,
) -> Outcome {
    if target.db_instance.is_none() && target.autoscaling_group.is_none() {
        return skip(
            "no DB instance and no Auto Scaling group given: nothing whose backup to check",
        );
    }
    let (to_cover, problems) = resources(aws, target, r).await?;
    let client = aws_sdk_backup::Client::new(&aws.config);
    let scope = format!("account {} in {}", aws.caller.account, aws.region);
    let mut plans = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = client
            .list_backup_plans()
            .set_next_token(token.clone())
            .send()
            .await
            .map_err(|e| aws.ctx.error("backup:ListBackupPlans", &scope, &e))?;
        for p in page.backup_plans_list() {
            if let Some(id) = p.backup_plan_id() {
                plans.push((
                    id.to_string(),
                    p.backup_plan_name().unwrap_or(id).to_string(),
                ));
            }
        }
        match page.next_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_string()),
            _ => break,
        }
    }
    let mut evidence = problems.clone();
    if plans.is_empty() {
        evidence.insert(0, format!("no backup plan in {scope}"));
        return Ok((Status::Fail, evidence));
    }
    // (plan name, selection) for plans that have at least one rule.
    let mut selections: Vec<(String, Selection)> = Vec::new();
    let mut schedules = Vec::new();
    if let Err(e) = read_selections(
        aws,
        &client,
        &plans,
        &mut selections,
        &mut evidence,
        &mut schedules,
    )
    .await
    {
        // Keep what was seen before the failing call.
        evidence.push(format!("could not check: {e}"));
        return Ok((Status::Fail, evidence));
    }
    let mut ok = problems.is_empty();
    for res in &to_cover {
        let by: Vec<String> = selections
            .iter()
            .filter(|(_, s)| covers(s, &res.arn, &res.tags))
            .map(|(plan, s)| format!("{plan}/{}", s.name))
            .collect();
        if by.is_empty() {
            ok = false;
            evidence.push(format!(
                "{} is not covered by any backup selection",
                res.what
            ));
        } else {
            evidence.push(format!("{} covered by {}", res.what, by.join(", ")));
            let tightest = selections
                .iter()
                .filter(|(_, s)| covers(s, &res.arn, &res.tags))
                .filter_map(|(plan, _)| schedules.iter().find(|(p, ..)| p == plan))
                .map(|(_, every, window)| (*every, *window))
                .min();
            if let Some((every, window)) = tightest {
                covered.push((res.what.clone(), res.arn.clone(), every, window));
            }
        }
    }
    Ok((if ok { Status::Pass } else { Status::Fail }, evidence))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    const DB: &str = "arn:aws:rds:eu-west-1:123456789012:db:shop-db";
    const VM: &str = "arn:aws:ec2:us-east-1:123456789012:instance/i-0abc";

    #[test]
    fn by_arn_and_wildcard() {
        let sel = Selection {
            name: "s".into(),
            resources: vec![DB.into(), "arn:aws:ec2:*:*:instance/*".into()],
            ..Default::default()
        };
        assert!(covers(&sel, DB, &[]));
        assert!(covers(&sel, VM, &[]));
        assert!(!covers(
            &sel,
            "arn:aws:rds:us-east-1:123456789012:db:other",
            &[]
        ));
    }

    #[test]
    fn by_tags_ored_and_conditions_anded() {
        let sel = Selection {
            name: "s".into(),
            list_of_tags: vec![
                TagCondition {
                    op: TagOp::Equals,
                    key: "Backup".into(),
                    value: "daily".into(),
                },
                TagCondition {
                    op: TagOp::Equals,
                    key: "Backup".into(),
                    value: "weekly".into(),
                },
            ],
            ..Default::default()
        };
        assert!(covers(&sel, VM, &tags(&[("Backup", "weekly")])));
        assert!(!covers(&sel, VM, &tags(&[("Backup", "never")])));
        let sel = Selection {
            name: "s".into(),
            resources: vec!["*".into()],
            conditions: vec![
                TagCondition {
                    op: TagOp::Equals,
                    key: "aws:ResourceTag/Project".into(),
                    value: "shop".into(),
                },
                TagCondition {
                    op: TagOp::NotLike,
                    key: "aws:ResourceTag/Env".into(),
                    value: "dev*".into(),
                },
            ],
            ..Default::default()
        };
        assert!(covers(
            &sel,
            DB,
            &tags(&[("Project", "shop"), ("Env", "prod")])
        ));
        assert!(!covers(
            &sel,
            DB,
            &tags(&[("Project", "shop"), ("Env", "dev-1")])
        ));
        assert!(!covers(&sel, DB, &tags(&[("Project", "other")])));
    }

    #[test]
    fn not_resources_exclude() {
        let sel = Selection {
            name: "s".into(),
            resources: vec!["*".into()],
            not_resources: vec!["arn:aws:ec2:*:*:instance/*".into()],
            ..Default::default()
        };
        assert!(covers(&sel, DB, &[]));
        assert!(!covers(&sel, VM, &[]));
    }

    #[test]
    fn empty_selection_covers_nothing() {
        assert!(!covers(&Selection::default(), DB, &[]));
    }
}
