//! The key–value storage the device side of sync is written against:
//! `localStorage` in the browser, a map in tests.

use std::collections::BTreeMap;

/// The browser refused a write: its storage for this site is full.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("This device's storage is full.")]
pub struct StorageFull;

pub trait Kv {
    fn get(&self, key: &str) -> Option<String>;
    fn set(&mut self, key: &str, value: &str) -> Result<(), StorageFull>;
    fn remove(&mut self, key: &str);
    /// Every key that starts with `prefix`, in no particular order.
    fn keys_under(&self, prefix: &str) -> Vec<String>;
    /// What `stored`, a value found under `key` by another means (another
    /// tab's write, heard as a storage event), holds; `None` if this store
    /// cannot read it.
    fn reveal(&self, _key: &str, stored: &str) -> Option<String> {
        Some(stored.to_owned())
    }
}

/// An in-memory store with an optional size limit (bytes of keys and
/// values), so tests can fill it up as a phone's storage fills.
#[derive(Clone, Debug, Default)]
pub struct MemoryKv {
    pub map: BTreeMap<String, String>,
    pub limit: Option<usize>,
}

impl MemoryKv {
    pub fn with_limit(limit: usize) -> Self {
        MemoryKv { map: BTreeMap::new(), limit: Some(limit) }
    }

    pub fn used(&self) -> usize {
        self.map.iter().map(|(k, v)| k.len() + v.len()).sum()
    }
}

impl Kv for MemoryKv {
    fn get(&self, key: &str) -> Option<String> {
        self.map.get(key).cloned()
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StorageFull> {
        let old = self.map.get(key).map_or(0, |v| key.len() + v.len());
        if self.limit.is_some_and(|limit| self.used() - old + key.len() + value.len() > limit) {
            return Err(StorageFull);
        }
        self.map.insert(key.to_owned(), value.to_owned());
        Ok(())
    }

    fn remove(&mut self, key: &str) {
        self.map.remove(key);
    }

    fn keys_under(&self, prefix: &str) -> Vec<String> {
        let from = self.map.range(prefix.to_owned()..).map(|(k, _)| k);
        from.take_while(|k| k.starts_with(prefix)).cloned().collect()
    }
}
