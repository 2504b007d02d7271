//! Database hygiene the production checklist assumes: deletion protection,
//! a week of automated backups, a final snapshot and Multi-AZ in
//! production. Values the user already made per-environment are left alone;
//! every other edit is in place (none of these replaces the database).

use crate::fixing::prelude::*;
use tfready_model::ResourceRef;

pub(crate) static FIXER: Fixer = Fixer {
    id: "rds_hygiene",
    title: "Database deletion protection, backups, final snapshot, Multi-AZ in prod",
    phase: Phase::One,
    order: 40,
    needs: &[],
    also_when: &[],
    run: rds_hygiene,
};

/// Days of automated backups written where fewer are kept.
const BACKUP_DAYS: &str = "7";

pub(crate) fn rds_hygiene(cx: &mut FixCx<'_>) {
    let dbs: Vec<ResourceRef<'_>> = cx
        .project
        .resources_of("aws_db_instance")
        .chain(cx.project.resources_of("aws_rds_cluster"))
        .filter(|d| d.attr("replicate_source_db").is_none())
        .collect();
    let prod_now = tfready_model::environments::is_prod(
        cx.project.environment().as_deref().unwrap_or_default(),
    );
    for db in dbs {
        let cond = prod_condition(cx, &db);
        // A value for production: the condition, or `true` where the stack
        // is production and has no notion of other environments.
        let in_prod = cond.clone().or_else(|| prod_now.then(|| "true".into()));
        let mut edits: Vec<(&str, String)> = Vec::new();
        let is = |a: &str| db.eval(a).and_then(|v| v.as_bool());
        // A per-environment choice is the user's, unless the stack is
        // loaded as production and the choice is wrong there.
        let left_alone = |a: &str| !prod_now && db.attr(a).is_some_and(|x| per_environment(&x));
        if is("deletion_protection") != Some(true) && !left_alone("deletion_protection") {
            edits.push(("deletion_protection", cond.clone().unwrap_or("true".into())));
        }
        let days = db
            .eval("backup_retention_period")
            .map_or(Some(1.0), |v| v.as_f64());
        if days.is_some_and(|d| d < 7.0) && !left_alone("backup_retention_period") {
            edits.push(("backup_retention_period", BACKUP_DAYS.into()));
        }
        if is("skip_final_snapshot") != Some(false) && !left_alone("skip_final_snapshot") {
            if let Some(c) = &in_prod {
                let value = if c == "true" {
                    "false".into()
                } else {
                    format!("!({c})")
                };
                edits.push(("skip_final_snapshot", value));
                if db.attr("final_snapshot_identifier").is_none() {
                    edits.push(("final_snapshot_identifier", final_snapshot_name(&db)));
                }
            }
        }
        if db.resource.ty == "aws_db_instance"
            && is("multi_az") != Some(true)
            && !left_alone("multi_az")
        {
            if let Some(c) = &in_prod {
                edits.push(("multi_az", c.clone()));
            }
        }
        if edits.is_empty() {
            continue;
        }
        let names: Vec<&str> = edits.iter().map(|(k, _)| *k).collect();
        let changed = cx
            .edit_resource(&db, |b| {
                edits
                    .iter()
                    .fold(false, |c, (k, v)| set_attr(&mut b.body, k, v, "  ") | c)
            })
            .unwrap_or(false);
        if changed {
            cx.done.push(format!(
                "{}: {} sets {}",
                cx.file_of(&db),
                db.address(),
                names.join(", ")
            ));
        }
    }
}

/// A final snapshot name from the database's own identifier expression
/// (unique per account and region, as the identifier is).
fn final_snapshot_name(db: &ResourceRef<'_>) -> String {
    let key = if db.resource.ty == "aws_rds_cluster" {
        "cluster_identifier"
    } else {
        "identifier"
    };
    match db.attr(key).map(|a| a.source_text().trim().to_string()) {
        // A quoted string or template: append inside the quotes.
        Some(t) if t.starts_with('"') && t.ends_with('"') && !t.contains('\n') => {
            format!("{}-final\"", &t[..t.len() - 1])
        }
        Some(t) if !t.is_empty() => format!("\"${{{t}}}-final\""),
        _ => format!("\"{}-final\"", db.resource.name.replace('_', "-")),
    }
}
