pub mod no_cdn;
