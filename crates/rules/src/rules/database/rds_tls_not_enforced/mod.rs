//! ## What it does
//! Flags PostgreSQL, MySQL and MariaDB instances and clusters whose
//! parameter group (in the stack) does not force TLS: `rds.force_ssl = 1`, or
//! `require_secure_transport = ON`/`1`. With no parameter group the engine's
//! default applies: TLS is forced by default only from PostgreSQL 15, so an
//! older or unknown PostgreSQL version, and every MySQL or MariaDB, is
//! flagged. A parameter group named as a string (not in the stack) is not
//! judged.
//!
//! ## Why is this bad?
//! RDS accepts unencrypted connections unless told not to; whether a
//! client uses TLS is then up to each client.
//!
//! ## Example
//! ```hcl
//! resource "aws_db_instance" "db" {
//!   engine = "mysql"
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_db_parameter_group" "tls" {
//!   family = "mysql8.0"
//!   parameter {
//!     name  = "require_secure_transport"
//!     value = "ON"
//!   }
//! }
//! ```
//!
//! ## References
//! - Hygiene the roadmap's RDS module assumes (§4.2)
//! - <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html>
//! - <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mysql-ssl-connections.html>

use tfready_model::ResourceRef;

use super::super::*;

pub const META: RuleMeta = RuleMeta {
    id: "TFR916",
    slug: "rds-tls-not-enforced",
    title: "Database accepts connections without TLS",
    severity: Severity::Medium,
    phase: Phase::Two,
    coverage_row: 0,
    spec_section: "4.2",
    risk: "Credentials and data can cross the network in clear text: one client without TLS (a script, a misconfigured driver) is enough.",
    remediation: "Set rds.force_ssl = 1 (PostgreSQL) or require_secure_transport = ON (MySQL, MariaDB) in the instance's parameter group.",
    effort: "30 minutes",
    fixer: None,
    prices: &[],
    per_environment: false,
};

pub const RULE: Rule = Rule {
    meta: &META,
    check,
    source: include_str!("mod.rs"),
};

/// Whether the parameter group the database names (a resource of the
/// stack) forces TLS; `None` when the group is not in the stack.
fn group_forces_tls(
    cx: &Ctx<'_>,
    db: &ResourceRef<'_>,
    attr: &str,
    group_ty: &str,
) -> Option<bool> {
    let a = db.attr(attr)?;
    let origins = cx.project.origins(db.instance.id, a.expr());
    let group = cx.project.resources_of(group_ty).find(|g| {
        origins
            .iter()
            .any(|o| o.ty == group_ty && o.name == g.resource.name)
    })?;
    Some(group.blocks("parameter").iter().any(|p| {
        let name = p
            .eval("name")
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        let value = p
            .eval("value")
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        (name == "rds.force_ssl" && value == "1")
            || (name == "require_secure_transport"
                && matches!(value.to_ascii_uppercase().as_str(), "ON" | "1"))
    }))
}

fn check(cx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for (ty, attr, group_ty) in [
        (
            "aws_db_instance",
            "parameter_group_name",
            "aws_db_parameter_group",
        ),
        (
            "aws_rds_cluster",
            "db_cluster_parameter_group_name",
            "aws_rds_cluster_parameter_group",
        ),
    ] {
        for db in cx.project.resources_of(ty) {
            let engine = db
                .eval("engine")
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            let postgres = engine.contains("postgres");
            if !postgres && !engine.contains("mysql") && !engine.contains("mariadb") {
                continue;
            }
            let forced = match db.attr(attr) {
                Some(_) => match group_forces_tls(cx, &db, attr, group_ty) {
                    Some(f) => f,
                    None => continue,
                },
                None => {
                    let major = db
                        .eval("engine_version")
                        .and_then(|v| v.as_string())
                        .and_then(|v| v.split('.').next().and_then(|m| m.parse::<u32>().ok()));
                    postgres && major.is_some_and(|m| m >= 15)
                }
            };
            if !forced {
                out.push(
                    Finding::new(&META, db.location(), format!("{} accepts connections without TLS ({engine}: no parameter forcing it)", db.address()))
                        .resource(db.address()),
                );
            }
        }
    }
    out
}
