pub mod no_guardduty;
