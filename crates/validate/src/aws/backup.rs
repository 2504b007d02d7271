//! AWS Backup.

use super::*;

pub(super) fn backup(r: &ResourceRef<'_>, out: &mut Vec<Problem>) {
    for rule in r.blocks("rule") {
        let name = rule
            .eval("rule_name")
            .and_then(|v| v.as_string())
            .unwrap_or_else(|| "?".to_string());
        let mut lifecycles = rule.blocks("lifecycle");
        for copy in rule.blocks("copy_action") {
            lifecycles.extend(copy.blocks("lifecycle"));
        }
        for lc in lifecycles {
            let cold = lc.eval("cold_storage_after");
            let delete = lc.eval("delete_after");
            if !is_set(&cold) || !is_set(&delete) {
                continue;
            }
            let location = lc
                .attr("delete_after")
                .map_or_else(|| lc.location(), |a| a.location());
            let head = format!("Error in rule {name} : Invalid lifecycle. DeleteAfterDays cannot be less than 90 days apart from MoveToColdStorageAfterDays");
            match (known_num(&cold), known_num(&delete)) {
                (Some(c), _) if c <= 0.0 => {}
                (Some(c), Some(d)) => {
                    if d < c + 90.0 {
                        let message = format!("{head} (delete_after = {}, cold_storage_after = {}): recovery points must stay 90 days in cold storage.", count(d), count(c));
                        let fix = format!("Set delete_after to at least {} (cold_storage_after + 90), or remove cold_storage_after.", count(c + 90.0));
                        out.push(emit(
                            r,
                            true,
                            "aws-backup-lifecycle",
                            location,
                            message,
                            fix,
                            BACKUP_SOURCE,
                        ));
                    }
                }
                (Some(c), None) => {
                    let message = format!("{head}: would fail if delete_after (known after apply) is less than {} (cold_storage_after + 90).", count(c + 90.0));
                    let fix = format!("Make sure delete_after is at least {}.", count(c + 90.0));
                    out.push(emit(
                        r,
                        false,
                        "aws-backup-lifecycle",
                        location,
                        message,
                        fix,
                        BACKUP_SOURCE,
                    ));
                }
                (None, Some(d)) => {
                    let message = format!("{head}: would fail if cold_storage_after (not known before apply) is more than {} (delete_after - 90).", count(d - 90.0));
                    let fix = format!(
                        "Make sure cold_storage_after is at most {}.",
                        count(d - 90.0)
                    );
                    out.push(emit(
                        r,
                        false,
                        "aws-backup-lifecycle",
                        location,
                        message,
                        fix,
                        BACKUP_SOURCE,
                    ));
                }
                (None, None) => {}
            }
        }
    }
}
