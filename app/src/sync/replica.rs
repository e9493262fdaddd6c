//! The device's copy of the records its user may see, and its outbox: every
//! write lands here first, one key per op (so saving costs the same however
//! full the outbox is), and leaves the outbox only when the server has
//! confirmed it. Sans-IO: [`Replica::plan`] says what to send and
//! [`Replica::digest`] takes in the answer; the browser does the fetching.

use super::clock::HlcClock;
use super::kept::{Kept, KeptState};
use super::kv::{Kv, StorageFull};
use crate::domain::sync::ops::MAX_BYTES;
use crate::domain::sync::{check_op, Hlc, Op};
use serde_json::Value;
use std::collections::HashMap;

mod again;
mod clearing;
mod exchange;

pub use exchange::{Digest, Plan};

/// The layout of what this app keeps on the device. A release that changes
/// it migrates what the previous one left (see [`Replica::open`]).
pub const SCHEMA_VERSION: u32 = 1;
const SCHEMA_KEY: &str = "alongside.schema";
/// Records not yet on the server. Clearing the device never touches them.
pub const OUTBOX_PREFIX: &str = "alongside.outbox.";
/// Records the server has, kept for reading offline until they age out.
pub const SAVED_PREFIX: &str = "alongside.rec.";
pub(super) const DEVICE_KEY: &str = "alongside.device";
const CLOCK_KEY: &str = "alongside.hlc";
/// The latest time the server was heard to say, in ms since the epoch.
const SERVER_TIME_KEY: &str = "alongside.server-ms";
const CURSOR_PREFIX: &str = "alongside.cursor.";
/// At most this many ops go in one request.
pub const BATCH: usize = 100;
/// And at most this many bytes of them: half the server's limit
/// ([`MAX_BYTES`]), so the request around them never reaches it. A hundred
/// of the longest notes (20,000 characters of four-byte text each) are
/// 8 MB: sent whole, the server would refuse them on every try.
pub const BATCH_BYTES: usize = MAX_BYTES / 2;
pub const DEFAULT_RETENTION_DAYS: u32 = 14;
const DAY_MS: u64 = 24 * 60 * 60 * 1000;

/// Who is writing: the signed-in member of staff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Author {
    pub staff_id: String,
    pub name: String,
}

/// Fresh ids for a new op and its record, made by the caller (time-ordered
/// UUIDs in the browser, a counter in tests).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewIds {
    pub op_id: String,
    pub entity_id: String,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SaveError {
    #[error("{0}")]
    Invalid(String),
    #[error("This phone's storage is full, so this was not saved. Your text is still on the screen: keep it there and connect to the network, so records already on the server can be cleared from the phone.")]
    Full,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    #[error("A newer version of Alongside kept records on this device (layout {0}). Reload the page to get the newer version; nothing has been changed.")]
    NewerSchema(u32),
    #[error("This device's storage is full or switched off, so Alongside cannot keep records on it.")]
    Storage,
}

pub struct Replica<K: Kv> {
    kv: K,
    device_id: String,
    clock: HlcClock,
    /// Every record (the outbox and what the server has), decoded, by key.
    /// Each page redraw reads them all, and reading and parsing a thousand
    /// from the browser's storage took longer than a frame. Every write
    /// here keeps it in step; what changes the store behind the replica's
    /// back (another tab, clearing the device) comes in by [`Replica::heard`]
    /// or [`Replica::reload`].
    records: HashMap<String, Kept>,
}

fn is_record(key: &str) -> bool {
    key.starts_with(OUTBOX_PREFIX) || key.starts_with(SAVED_PREFIX)
}

/// Oldest written first.
fn by_written(a: &&Kept, b: &&Kept) -> std::cmp::Ordering {
    a.op.hlc.cmp(&b.op.hlc)
}

/// A record as stored under `key`. An outbox entry this release cannot
/// read (an earlier version's layout) is kept as it was, never dropped.
fn decode(key: &str, text: &str) -> Option<Kept> {
    serde_json::from_str(text)
        .ok()
        .or_else(|| key.starts_with(OUTBOX_PREFIX).then(|| Kept::from_earlier(text)).flatten())
}

fn encode(kept: &Kept) -> String {
    serde_json::to_string(kept).unwrap_or_default()
}

impl<K: Kv> Replica<K> {
    /// Opens what the device holds, migrating it from an older layout, and
    /// gives the device its id the first time.
    pub fn open(mut kv: K, new_device_id: impl FnOnce() -> String) -> Result<Self, OpenError> {
        let version = kv.get(SCHEMA_KEY).and_then(|v| v.parse::<u32>().ok());
        match version {
            Some(v) if v > SCHEMA_VERSION => return Err(OpenError::NewerSchema(v)),
            Some(SCHEMA_VERSION) => {}
            // Before layout 1 nothing but the device lock was kept, and its
            // keys are unchanged; later migrations go here, oldest first.
            _ => kv.set(SCHEMA_KEY, &SCHEMA_VERSION.to_string()).map_err(|_| OpenError::Storage)?,
        }
        let device_id = match kv.get(DEVICE_KEY).filter(|d| crate::domain::sync::hlc::is_uuid(d)) {
            Some(id) => id,
            None => {
                let id = new_device_id();
                kv.set(DEVICE_KEY, &id).map_err(|_| OpenError::Storage)?;
                id
            }
        };
        let mut clock = HlcClock::resume(kv.get(CLOCK_KEY).and_then(|s| Hlc::parse(&s).ok()));
        clock.hear_server_time(kv.get(SERVER_TIME_KEY).and_then(|s| s.parse().ok()).unwrap_or(0));
        let mut replica = Replica { kv, device_id, clock, records: HashMap::new() };
        replica.reload();
        Ok(replica)
    }

    pub fn device_id(&self) -> &str {
        &self.device_id
    }

    pub fn kv(&self) -> &K {
        &self.kv
    }

    pub fn kv_mut(&mut self) -> &mut K {
        &mut self.kv
    }

    /// Reads every record from the store again, after something other than
    /// this replica changed them.
    pub fn reload(&mut self) {
        let keys = [OUTBOX_PREFIX, SAVED_PREFIX].into_iter().flat_map(|p| self.kv.keys_under(p));
        self.records = keys.filter_map(|k| Some((k.clone(), decode(&k, &self.kv.get(&k)?)?))).collect();
    }

    /// Another writer to the same store (a second tab) set `key` to `value`
    /// (`None`: removed it), or cleared it all (`key` is `None`). Answers
    /// whether a record changed.
    pub fn heard(&mut self, key: Option<&str>, value: Option<&str>) -> bool {
        let revealed = key.zip(value).and_then(|(key, value)| Some((key, self.kv.reveal(key, value)?)));
        match (key, revealed.and_then(|(key, value)| decode(key, &value))) {
            (None, _) => self.reload(),
            (Some(key), _) if !is_record(key) => return false,
            (Some(key), Some(kept)) => {
                self.records.insert(key.to_owned(), kept);
            }
            (Some(key), None) => {
                self.records.remove(key);
            }
        }
        true
    }

    /// One clock per device, not per tab: carries on from the last stamp
    /// any tab of this phone issued or heard.
    fn observe_stored_clock(&mut self) {
        if let Some(stored) = self.kv.get(CLOCK_KEY).and_then(|text| Hlc::parse(&text).ok()) {
            self.clock.observe(&stored);
        }
        if let Some(heard) = self.kv.get(SERVER_TIME_KEY).and_then(|text| text.parse().ok()) {
            self.clock.hear_server_time(heard);
        }
    }

    /// Takes in the server's time from an answer (its `Date`): the true
    /// time is at least that, whatever this phone's clock says, so the
    /// device's clock is never left behind when the phone's is set back.
    pub fn heard_server_time(&mut self, server_ms: u64) {
        self.observe_stored_clock();
        self.clock.hear_server_time(server_ms);
        let _ = self.kv.set(SERVER_TIME_KEY, &self.clock.heard_ms().to_string());
    }

    /// Stores a record under `key`.
    fn put(&mut self, key: &str, kept: Kept) -> Result<(), StorageFull> {
        self.kv.set(key, &encode(&kept))?;
        self.records.insert(key.to_owned(), kept);
        Ok(())
    }

    fn remove(&mut self, key: &str) {
        self.kv.remove(key);
        self.records.remove(key);
    }

    /// Every record whose key starts with `prefix`, with its key, in no
    /// particular order.
    fn under<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a String, &'a Kept)> + 'a {
        self.records.iter().filter(move |(k, _)| k.starts_with(prefix))
    }

    /// Keeps a new record in the outbox, checked by the same rules as the
    /// server's. It is on the device when this returns `Ok`.
    pub fn record(
        &mut self,
        author: &Author,
        entity: &str,
        payload: Value,
        ids: NewIds,
        now_ms: u64,
    ) -> Result<Kept, SaveError> {
        self.record_change(author, entity, "create", payload, ids, now_ms)
    }

    /// Keeps any change (`action` on `entity`) in the outbox, as [`Self::record`].
    pub fn record_change(
        &mut self,
        author: &Author,
        entity: &str,
        action: &str,
        payload: Value,
        ids: NewIds,
        now_ms: u64,
    ) -> Result<Kept, SaveError> {
        self.observe_stored_clock();
        let hlc = self.clock.tick(now_ms, &self.device_id);
        let op = Op {
            id: ids.op_id,
            entity: entity.to_owned(),
            entity_id: ids.entity_id,
            action: action.to_owned(),
            hlc: hlc.to_string(),
            payload,
        };
        let value = serde_json::to_value(&op).map_err(|e| SaveError::Invalid(e.to_string()))?;
        // Judged as the server will judge it, by the best time the phone knows.
        check_op(&value, now_ms.max(self.clock.heard_ms())).map_err(|r| SaveError::Invalid(r.reason))?;
        let kept = Kept {
            op,
            author: author.staff_id.clone(),
            author_name: author.name.clone(),
            state: KeptState::Unsent,
            kept_ms: now_ms,
            earlier: Value::Null,
        };
        let key = format!("{OUTBOX_PREFIX}{}", kept.op.id);
        self.put_making_room(&key, kept.clone()).map_err(|_| SaveError::Full)?;
        let _ = self.kv.set(CLOCK_KEY, &hlc.to_string());
        Ok(kept)
    }

    /// Stores a record; when storage is full, clears records the server
    /// already has, oldest first, until it fits. Never touches the outbox.
    fn put_making_room(&mut self, key: &str, kept: Kept) -> Result<(), StorageFull> {
        let text = encode(&kept);
        if self.kv.set(key, &text).is_err() {
            self.make_room_for(key, &text)?;
        }
        self.records.insert(key.to_owned(), kept);
        Ok(())
    }

    /// Clears saved copies, oldest first, until `text` fits under `key`.
    fn make_room_for(&mut self, key: &str, text: &str) -> Result<(), StorageFull> {
        let mut saved: Vec<(String, String)> =
            self.under(SAVED_PREFIX).map(|(k, old)| (old.op.hlc.clone(), k.clone())).collect();
        saved.sort();
        for (_, old) in saved {
            self.remove(&old);
            if self.kv.set(key, text).is_ok() {
                return Ok(());
            }
        }
        Err(StorageFull)
    }

    /// This person's records not yet on the server, oldest first.
    fn outbox_of(&self, staff_id: &str) -> Vec<&Kept> {
        let mut ops: Vec<&Kept> =
            self.under(OUTBOX_PREFIX).map(|(_, k)| k).filter(|k| k.author == staff_id).collect();
        ops.sort_by(by_written);
        ops
    }

    /// This person's records not yet on the server (unsent or refused),
    /// oldest first. Someone else's stay hidden and unsent.
    pub fn outbox(&self, staff_id: &str) -> Vec<Kept> {
        self.outbox_of(staff_id).into_iter().cloned().collect()
    }

    /// How many of this person's records wait to be sent.
    pub fn unsent_count(&self, staff_id: &str) -> usize {
        self.outbox_of(staff_id).iter().filter(|k| k.is_unsent()).count()
    }

    /// How many of this person's records the server refused.
    pub fn refused_count(&self, staff_id: &str) -> usize {
        self.outbox_of(staff_id).iter().filter(|k| !k.is_unsent()).count()
    }

    /// How many of this person's unsent records an earlier version of
    /// Alongside wrote in a layout this one cannot read.
    pub fn earlier_count(&self, staff_id: &str) -> usize {
        self.outbox_of(staff_id).iter().filter(|k| k.is_unsent() && !k.earlier.is_null()).count()
    }

    /// Writes again, as they are, the records this person may read (their
    /// outbox and the server's records) whose key `stale` names: a store
    /// that seals what it keeps seals what an earlier release left in the
    /// clear. Someone else's records stay as they are, for their author.
    pub fn write_again(&mut self, staff_id: &str, stale: impl Fn(&str) -> bool) {
        let mine = |(key, kept): &(&String, &Kept)| key.starts_with(SAVED_PREFIX) || kept.author == staff_id;
        let keys: Vec<String> =
            self.records.iter().filter(mine).filter(|(k, _)| stale(k)).map(|(k, _)| k.clone()).collect();
        for key in keys {
            if let Some(text) = self.records.get(&key).map(encode) {
                let _ = self.kv.set(&key, &text);
            }
        }
    }

    /// Everything this person may read here: their outbox and the records
    /// the server has, each oldest first.
    pub fn readable(&self, staff_id: &str) -> Vec<Kept> {
        let mut saved: Vec<&Kept> = self.under(SAVED_PREFIX).map(|(_, k)| k).collect();
        saved.sort_by(by_written);
        self.outbox_of(staff_id).into_iter().chain(saved).cloned().collect()
    }
}
