//! Prices fetched from AWS, kept on disk so the next run need not ask again.
//!
//! One file per region, `<dir>/prices/<region>.toml`, in the price-file
//! format (each entry's `as_of` is the day it was fetched), plus
//! `<region>.absent`: keys AWS's price list had no product for, with the day
//! it said so. An entry older than [`TTL_DAYS`] is stale: used offline, asked
//! again online. The directory is `TFREADY_CACHE_DIR`, else
//! `$XDG_CACHE_HOME/tfready`, else `~/.cache/tfready`.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use tfready_model::files::write_atomic;

use crate::prices::{Price, PriceError, PriceList};

/// Days a fetched price is trusted before it is asked again.
pub const TTL_DAYS: i64 = 30;

#[derive(Debug, Clone)]
pub struct PriceCache {
    dir: PathBuf,
}

/// What the cache holds for one region.
#[derive(Debug, Clone, Default)]
pub struct Cached {
    /// Every cached price, fresh or stale.
    pub prices: Vec<Price>,
    /// Keys AWS had no product for, with the day it said so.
    pub absent: BTreeMap<String, String>,
}

impl Cached {
    /// Whether `key` was answered (priced or absent) within the TTL.
    pub fn is_fresh(&self, key: &str, today: &str) -> bool {
        let fresh = |day: &str| days_between(day, today).is_some_and(|d| d <= TTL_DAYS);
        self.prices.iter().any(|p| p.key == key && fresh(&p.as_of))
            || self.absent.get(key).is_some_and(|day| fresh(day))
    }
}

impl PriceCache {
    pub fn at(dir: impl Into<PathBuf>) -> PriceCache {
        PriceCache { dir: dir.into() }
    }

    /// The per-user cache (see the module docs), or `None` without a home.
    pub fn user() -> Option<PriceCache> {
        let env = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
        let dir = env("TFREADY_CACHE_DIR")
            .map(PathBuf::from)
            .or_else(|| env("XDG_CACHE_HOME").map(|d| PathBuf::from(d).join("tfready")))
            .or_else(|| env("HOME").map(|h| PathBuf::from(h).join(".cache").join("tfready")))?;
        Some(PriceCache::at(dir))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn file(&self, region: &str, ext: &str) -> PathBuf {
        self.dir.join("prices").join(format!("{region}.{ext}"))
    }

    /// What the cache holds for `region` (nothing when it has no file).
    pub fn load(&self, region: &str) -> Result<Cached, PriceError> {
        let path = self.file(region, "toml");
        let prices = if path.exists() {
            PriceList::from_path(&path)?.prices().to_vec()
        } else {
            Vec::new()
        };
        let absent = std::fs::read_to_string(self.file(region, "absent"))
            .unwrap_or_default()
            .lines()
            .filter_map(|l| l.split_once(' '))
            .map(|(k, d)| (k.to_string(), d.to_string()))
            .collect();
        Ok(Cached { prices, absent })
    }

    /// Adds fetched prices and absent keys to `region`'s files (replacing
    /// older answers for the same keys), each file written atomically.
    pub fn store(
        &self,
        region: &str,
        fetched: &[Price],
        absent: &[String],
        today: &str,
    ) -> io::Result<()> {
        let mut cached = self.load(region).unwrap_or_default();
        cached
            .prices
            .retain(|p| !fetched.iter().any(|f| f.key == p.key) && !absent.contains(&p.key));
        cached.prices.extend(fetched.iter().cloned());
        cached.prices.sort_by(|a, b| a.key.cmp(&b.key));
        for key in absent {
            cached.absent.insert(key.clone(), today.to_string());
        }
        for p in fetched {
            cached.absent.remove(&p.key);
        }
        let list = PriceList::from_prices("cache", cached.prices)
            .map_err(|e| io::Error::other(e.to_string()))?;
        write_atomic(&self.file(region, "toml"), &list.to_toml())?;
        let absent: String = cached
            .absent
            .iter()
            .map(|(k, d)| format!("{k} {d}\n"))
            .collect();
        write_atomic(&self.file(region, "absent"), &absent)
    }
}

pub use tfready_model::dates::{days_between, today};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_past_the_ttl_are_stale() {
        let cached = Cached {
            prices: Vec::new(),
            absent: [("a".to_string(), "2026-11-01".to_string())].into(),
        };
        assert!(cached.is_fresh("a", "2026-11-30"));
        assert!(!cached.is_fresh("a", "2026-12-03"));
        assert!(!cached.is_fresh("b", "2026-11-01"));
    }
}
