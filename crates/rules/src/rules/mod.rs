//! One module per area; one file per rule.

pub mod access;
pub mod load_balancer;
pub mod monitoring;
pub mod network;
pub mod secrets;
pub mod state;
pub mod tls;

pub(crate) use crate::finding::Finding;
pub(crate) use crate::meta::{Phase, RuleMeta, Severity};
pub(crate) use crate::registry::{Ctx, Rule};
