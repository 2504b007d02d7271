pub mod missing_default_tags;
