pub mod default_tags;
