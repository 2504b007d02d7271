//! Shared by the RDS hygiene rules: one pass over the databases.

use tfready_model::ResourceRef;

use crate::ctx::Ctx;
use crate::finding::Finding;
use crate::meta::RuleMeta;

/// Findings for databases where `bad` says the attribute is wrong; located
/// at the attribute when set, else at the database.
pub fn each_db(
    cx: &Ctx<'_>,
    meta: &'static RuleMeta,
    attr: &str,
    bad: impl Fn(&ResourceRef<'_>) -> Option<String>,
) -> Vec<Finding> {
    cx.project
        .resources_of("aws_db_instance")
        .chain(cx.project.resources_of("aws_rds_cluster"))
        .filter_map(|db| {
            let msg = bad(&db)?;
            let at = db
                .attr(attr)
                .map_or_else(|| db.location(), |a| a.location());
            Some(Finding::new(meta, at, format!("{} {msg}", db.address())).resource(db.address()))
        })
        .collect()
}
