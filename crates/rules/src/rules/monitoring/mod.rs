pub mod no_alarms;
