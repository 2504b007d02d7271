//! The list of every rule. Adding a rule: write `rules/<area>/<slug>.rs`,
//! add it here, add fixtures under `tests/fixtures/<ID>/{bad,good}/`, and
//! regenerate `docs/rules.md` (`cargo run -p tfready -- rules --markdown`).

use crate::fixing::Fixer;
use crate::meta::RuleMeta;
use crate::rule::Rule;
use crate::rules::*;

pub static RULES: &[Rule] = &[
    state::local_state::RULE,
    state::state_backend_unprotected::RULE,
    secrets::secret_in_tfvars::RULE,
    secrets::secret_variable_not_sensitive::RULE,
    secrets::hardcoded_secret::RULE,
    tls::manual_tls_certificate::RULE,
    load_balancer::no_load_balancer::RULE,
    monitoring::no_monitoring::RULE,
    cache::redis_on_instance::RULE,
    waf::no_waf::RULE,
    network::no_vpc_flow_logs::RULE,
    scaling::single_instance::RULE,
    backup::no_backup_plan::RULE,
    cdn::no_cdn::RULE,
    threat::no_guardduty::RULE,
    network::app_port_open_to_world::RULE,
    database::rds_monitoring::RULE,
    access::ssh_open::RULE,
    access::ssh_key_pair::RULE,
    environments::single_environment::RULE,
    tags::missing_default_tags::RULE,
    database::rds_not_multi_az_in_prod::RULE,
    compliance::no_aws_config::RULE,
    compliance::no_network_acls::RULE,
    compliance::no_read_replica::RULE,
    storage::s3_no_encryption_config::RULE,
    storage::s3_no_versioning::RULE,
    storage::s3_no_public_access_block::RULE,
    database::rds_storage_unencrypted::RULE,
    database::rds_deletion_protection::RULE,
    database::rds_backup_retention::RULE,
    database::rds_skip_final_snapshot::RULE,
    compute::imdsv2_not_required::RULE,
    compute::ebs_unencrypted::RULE,
    logs::log_group_no_retention::RULE,
    load_balancer::alb_keeps_invalid_headers::RULE,
    load_balancer::http_not_redirected::RULE,
    load_balancer::old_tls_policy::RULE,
    database::rds_publicly_accessible::RULE,
    monitoring::alarm_actions_disabled::RULE,
    load_balancer::alb_no_deletion_protection::RULE,
    scaling::asg_ignores_elb_health::RULE,
    compute::instance_without_role::RULE,
    storage::s3_public_acl::RULE,
    cache::elasticache_unencrypted::RULE,
    compliance::kms_key_no_rotation::RULE,
    cdn::cloudfront_insecure_viewer::RULE,
    tls::acm_no_create_before_destroy::RULE,
    database::rds_tls_not_enforced::RULE,
    load_balancer::alb_no_access_logs::RULE,
    load_balancer::target_group_no_health_check_path::RULE,
    storage::s3_public_policy::RULE,
    compliance::kms_key_open_to_everyone::RULE,
    waf::waf_no_logging::RULE,
    cdn::cloudfront_s3_origin_without_oac::RULE,
    cache::elasticache_no_failover_in_prod::RULE,
    waf::waf_empty_acl::RULE,
    invalid_suppression::RULE,
];

/// A rule by id (`TFR011`) or slug (`local-state`), case-insensitively.
pub fn find_rule(id_or_slug: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| {
        r.meta.id.eq_ignore_ascii_case(id_or_slug) || r.meta.slug.eq_ignore_ascii_case(id_or_slug)
    })
}

/// Every rule's metadata: the registry's, then the validator's checks (see
/// [`crate::validator`]).
pub fn all_metas() -> impl Iterator<Item = &'static RuleMeta> {
    RULES
        .iter()
        .map(|r| r.meta)
        .chain(crate::validator::metas().iter().copied())
}

/// A rule's metadata by id or slug, the validator's checks included.
pub fn find_meta(id_or_slug: &str) -> Option<&'static RuleMeta> {
    all_metas()
        .find(|m| m.id.eq_ignore_ascii_case(id_or_slug) || m.slug.eq_ignore_ascii_case(id_or_slug))
}

/// Whether `id_or_slug` names a rule or a validator check: what config
/// files, suppressions and `--select` may name.
pub fn is_rule(id_or_slug: &str) -> bool {
    find_meta(id_or_slug).is_some()
}

/// Every fixer, once, in the order they run.
pub fn fixers() -> &'static [&'static Fixer] {
    static ALL: std::sync::OnceLock<Vec<&'static Fixer>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        let mut all: Vec<&'static Fixer> = Vec::new();
        for f in RULES.iter().filter_map(|r| r.meta.fixer) {
            // Rules that share a fixer name the same one (one const).
            if !all.iter().any(|x| std::ptr::eq(*x, f)) {
                all.push(f);
            }
        }
        all.sort_by_key(|f| f.order);
        all
    })
}

/// A fixer by id.
pub fn find_fixer(id: &str) -> Option<&'static Fixer> {
    fixers().iter().copied().find(|f| f.id == id)
}

impl Fixer {
    /// The rules whose findings it closes: those that name it.
    pub fn rules(&self) -> impl Iterator<Item = &'static RuleMeta> + '_ {
        RULES
            .iter()
            .map(|r| r.meta)
            .filter(|m| m.fixer.is_some_and(|f| f.id == self.id))
    }
}
