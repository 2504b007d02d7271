//! What every fixer file uses.

pub(crate) use super::cx::FixCx;
pub(crate) use super::fixer::Fixer;
pub(crate) use super::hcl::{
    align, block_mut, block_text, comment_above, find_block_mut, push_snippet, remove_where,
    replace_block, set_attr,
};
pub(crate) use super::ingress::*;
pub(crate) use super::shared::*;
pub(crate) use super::templates::FILES;
pub(crate) use super::wiring::combined_count;
pub(crate) use crate::phase::Phase;
pub(crate) use tfready_model::hcl_edit::structure::Structure;
pub(crate) use tfready_model::VarOrigin;
