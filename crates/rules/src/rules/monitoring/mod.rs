pub mod alarm_actions_disabled;
pub mod no_monitoring;
