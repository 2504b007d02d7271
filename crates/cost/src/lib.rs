//! Offline AWS pricing data for tfready.
//!
//! The price list ships inside the binary (`data/prices.toml`, embedded with `include_str!`) and can
//! be replaced or overlaid by a user file (`--prices FILE`). Every figure names its AWS pricing page
//! (`source`) and the date it was valid (`as_of`). Lookups of an unknown key or region return `None`:
//! a missing price is never silently treated as zero.
//!
//! ```
//! use tfready_cost::{PriceList, HOURS_PER_MONTH};
//!
//! let prices = PriceList::embedded();
//! let t3 = prices.lookup("ec2.instance.t3.medium", "us-east-1").expect("priced");
//! let monthly = t3.monthly(HOURS_PER_MONTH);
//! assert!((monthly - 30.368).abs() < 1e-9);
//! assert!(prices.lookup("ec2.instance.t3.medium", "mars-north-1").is_none());
//! ```

pub mod prices;

pub use prices::{
    FreeTier, Price, PriceError, PriceList, Problem, Tier, Unit, EMBEDDED_PRICES, HOURS_PER_MONTH,
};
