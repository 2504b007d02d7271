//! A rule: its metadata, its check and its documentation.

use crate::ctx::Ctx;
use crate::finding::Finding;
use crate::meta::RuleMeta;

pub struct Rule {
    pub meta: &'static RuleMeta,
    pub check: fn(&Ctx<'_>) -> Vec<Finding>,
    /// The rule's source file; its `//!` comment is the rule's documentation.
    pub source: &'static str,
}

impl Rule {
    /// The rule's documentation: its source file's `//!` comment.
    pub fn docs(&self) -> String {
        self.source
            .lines()
            .take_while(|l| l.starts_with("//!"))
            .map(|l| {
                l.trim_start_matches("//!")
                    .strip_prefix(' ')
                    .unwrap_or(l.trim_start_matches("//!"))
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}
