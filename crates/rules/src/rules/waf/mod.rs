pub mod no_waf;
pub mod waf_no_logging;
