pub mod no_monitoring;
