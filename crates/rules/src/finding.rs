//! A finding: one gap, at one place.

use serde::Serialize;
use tfready_model::{Location, ResourceRef};

use crate::meta::{RuleMeta, Severity};

/// Another place that explains a finding (the tfvars line that sets a
/// secret, the module input a value flows through).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Related {
    pub location: Location,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    #[serde(skip)]
    pub rule: &'static RuleMeta,
    /// The rule's severity unless the config overrides it.
    pub severity: Severity,
    pub location: Location,
    /// What is wrong here, specifically.
    pub message: String,
    /// The offending value as evaluated; secrets are already redacted.
    pub value: Option<String>,
    /// Address of the resource or block concerned.
    pub resource: Option<String>,
    pub related: Vec<Related>,
    /// Environments in which the finding holds, when the rule depends on
    /// the environment and none was chosen.
    pub environments: Vec<String>,
}

impl Finding {
    pub fn new(rule: &'static RuleMeta, location: Location, message: impl Into<String>) -> Finding {
        // Held until the report is written (tens of thousands on a large
        // project): no slack left from `format!`.
        let mut message = message.into();
        message.shrink_to_fit();
        Finding {
            rule,
            severity: rule.severity,
            location,
            message,
            value: None,
            resource: None,
            related: Vec::new(),
            environments: Vec::new(),
        }
    }

    /// A finding about resource `r`, "`address` `says`": located at its
    /// attribute `attr` when that is written, else at the resource.
    pub fn on_resource(
        rule: &'static RuleMeta,
        r: &ResourceRef<'_>,
        attr: Option<&str>,
        says: &str,
    ) -> Finding {
        let at = attr
            .and_then(|a| r.attr(a))
            .map_or_else(|| r.location(), |a| a.location());
        let address = r.address();
        Finding::new(rule, at, format!("{address} {says}")).resource(address)
    }

    pub fn value(mut self, value: impl Into<String>) -> Finding {
        let mut value = value.into();
        value.shrink_to_fit();
        self.value = Some(value);
        self
    }

    pub fn resource(mut self, address: impl Into<String>) -> Finding {
        let mut address = address.into();
        address.shrink_to_fit();
        self.resource = Some(address);
        self
    }

    pub fn related(mut self, location: Location, message: impl Into<String>) -> Finding {
        self.related.push(Related {
            location,
            message: message.into(),
        });
        self
    }

    /// Order of reports: by file, line, then rule id.
    pub fn sort_key(&self) -> (&str, usize, usize, &'static str, &str) {
        (
            &self.location.file,
            self.location.line,
            self.location.column,
            self.rule.id,
            &self.message,
        )
    }
}
