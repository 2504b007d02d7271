//! RDS managed master password.

use super::*;

pub(super) fn rds_password(r: &ResourceRef<'_>, out: &mut Vec<Problem>) {
    let Some(manage) = r.attr("manage_master_user_password") else {
        return;
    };
    // aws_db_instance: password; aws_rds_cluster: master_password.
    let password = [
        "password",
        "password_wo",
        "master_password",
        "master_password_wo",
    ]
    .iter()
    .find_map(|name| r.attr(name));
    let Some(password) = password else {
        return;
    };
    let pv = password.value();
    if pv.is_null() {
        return;
    }
    let mv = manage.value();
    let arg = password.attr.key.as_str();
    let fix = format!("Remove `{arg}` and let RDS keep the master password in Secrets Manager (read it from master_user_secret), or set manage_master_user_password = false.");
    match mv.as_bool() {
        Some(true) => {
            let message = format!("Conflicting configuration arguments: \"manage_master_user_password\": conflicts with {arg}. RDS cannot manage the master password in Secrets Manager when one is given.");
            out.push(emit(
                r,
                !pv.is_unknown(),
                "aws-rds-managed-password",
                manage.location(),
                message,
                fix,
                RDS_SOURCE,
            ));
        }
        None if !mv.is_null() => {
            let message = format!("\"manage_master_user_password\" would conflict with {arg} if true (not known before apply).");
            out.push(emit(
                r,
                false,
                "aws-rds-managed-password",
                manage.location(),
                message,
                fix,
                RDS_SOURCE,
            ));
        }
        _ => {}
    }
}

/// Automated backups are kept 0 to 35 days (1 to 35 for Aurora clusters).
pub(super) fn rds_retention(r: &ResourceRef<'_>, out: &mut Vec<Problem>) {
    let Some(attr) = r.attr("backup_retention_period") else {
        return;
    };
    let v = attr.value();
    let Some(days) = v.as_f64() else { return };
    let min = if r.resource.ty == "aws_rds_cluster" {
        1.0
    } else {
        0.0
    };
    if (min..=35.0).contains(&days) {
        return;
    }
    out.push(emit(
        r,
        true,
        "aws-rds-backup-retention-range",
        attr.location(),
        format!(
            "InvalidParameterValue: backup_retention_period {days} is outside {min}-35: RDS keeps automated backups for at most 35 days."
        ),
        "Use a value from 7 to 35, and AWS Backup (or manual snapshots) for longer retention.".to_string(),
        "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html",
    ));
}
