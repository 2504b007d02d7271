pub mod no_waf;
pub mod waf_empty_acl;
pub mod waf_no_logging;
