//! One module per area; one folder per rule (`<area>/<slug>/`, see
//! `registry.rs`).

pub mod access;
pub mod backup;
pub mod cache;
pub mod cdn;
pub mod compliance;
pub mod compute;
pub mod database;
pub mod environments;
pub mod invalid_suppression;
pub mod load_balancer;
pub mod logs;
pub mod monitoring;
pub mod network;
pub mod scaling;
pub mod secrets;
pub mod state;
pub mod storage;
pub mod tags;
pub mod threat;
pub mod tls;
pub mod waf;

pub(crate) use crate::ctx::Ctx;
pub(crate) use crate::finding::Finding;
pub(crate) use crate::meta::{Phase, RuleMeta, Severity};
pub(crate) use crate::rule::Rule;
