//! The registry of every rule. A rule is a folder,
//! `rules/<area>/<slug>/`, declared by one line in its area's `mod.rs`
//! (`pub mod <slug>;`): build.rs finds each folder's `RULE` and lists them
//! by id in [`RULES`]. The folder holds the rule (`mod.rs`: docs, metadata,
//! check), its fixtures (`fixtures/{bad,good}*/`) and, when it has one, its
//! fixer (`fix.rs`) and the templates the fixer writes (`templates/`).

use crate::fixing::Fixer;
use crate::meta::RuleMeta;
use crate::rule::Rule;

include!(concat!(env!("OUT_DIR"), "/registry.rs"));

/// The folder of a rule (by id) under the rules crate: its `mod.rs`,
/// `fix.rs`, `templates/` and `fixtures/`.
pub fn rule_folder(id: &str) -> Option<&'static str> {
    FOLDERS
        .iter()
        .find(|(i, _)| i.eq_ignore_ascii_case(id))
        .map(|(_, f)| *f)
}

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
