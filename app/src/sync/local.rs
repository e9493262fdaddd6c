//! The browser's storage for the replica: `localStorage`, one key per
//! record, with every outbox entry (and every wrapped data key, see
//! `vault`) also written to an IndexedDB journal
//! (`public/journal.js`) that is on disk the moment its write completes.
//! Until it has, the record is *Saving on this phone…*, never *On this
//! phone only*: `localStorage` alone reaches the disk only seconds later.

use super::kv::{Kv, StorageFull};
use super::replica::{DEVICE_KEY, OUTBOX_PREFIX};
use gloo_storage::{LocalStorage, Storage};
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

thread_local! {
    /// Journal writes under way, by op id.
    static WRITING: RefCell<HashMap<String, js_sys::Promise>> = RefCell::new(HashMap::new());
    /// Why the last journal write failed, until one succeeds again.
    static TROUBLE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Why the journal is not keeping records, if it is not: the *This phone*
/// panel says so, since records are then only as safe as `localStorage`.
pub fn journal_trouble() -> Option<String> {
    TROUBLE.with(|t| t.borrow().clone())
}

/// Where the app counts the records the journal brought back that
/// `localStorage` had lost (until sign-out clears the device).
const RESTORED_KEY: &str = "alongside.restored";

/// How many records the journal has brought back since sign-in.
pub fn restored_count() -> usize {
    LocalKv.get(RESTORED_KEY).and_then(|n| n.parse().ok()).unwrap_or(0)
}

fn note_outcome(outcome: Result<(), String>) {
    TROUBLE.with(|t| *t.borrow_mut() = outcome.err());
}

/// Why a journal call failed: `journal.js` rejects with a sentence; a call
/// that threw (no journal on the page) has none.
fn reason(error: &JsValue) -> String {
    error.as_string().unwrap_or_else(|| "the browser cannot keep it".to_owned())
}

/// Whether the outbox entry of `op_id` is still being written to the journal.
pub fn is_journaling(op_id: &str) -> bool {
    WRITING.with(|w| w.borrow().contains_key(op_id))
}

/// Resolves once every journal write begun so far has completed or failed.
pub async fn journaled() {
    let pending: js_sys::Array = WRITING.with(|w| w.borrow().values().collect());
    let _ = JsFuture::from(js_sys::Promise::all_settled(&pending)).await;
}

/// Writes an outbox entry to the journal in the background; when it is on
/// disk (or the write has failed) the pages are told, and the record
/// stops being *Saving*.
fn journal_in_background(key: &str, value: &str) {
    let op_id = key.trim_start_matches(OUTBOX_PREFIX).to_owned();
    // No journal (storage switched off): the record is as safe as
    // `localStorage` makes it, shown as kept, and the panel says why.
    let promise = match journal_put(key, value) {
        Ok(promise) => promise,
        Err(error) => return note_outcome(Err(reason(&error))),
    };
    WRITING.with(|w| w.borrow_mut().insert(op_id.clone(), promise.clone()));
    wasm_bindgen_futures::spawn_local(async move {
        // Written or failed, it is no longer under way.
        note_outcome(JsFuture::from(promise.clone()).await.map(drop).map_err(|e| reason(&e)));
        // Only this write's own entry: a later write of the record stays.
        WRITING.with(|w| {
            let mut writing = w.borrow_mut();
            if writing.get(&op_id).is_some_and(|p| JsValue::from(p) == JsValue::from(&promise)) {
                writing.remove(&op_id);
            }
        });
        super::browser::announce();
    });
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = alongsideJournal, js_name = put, catch)]
    fn journal_put(key: &str, value: &str) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(js_namespace = alongsideJournal, js_name = remove, catch)]
    fn journal_remove(key: &str) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(js_namespace = alongsideJournal, js_name = entries, catch)]
    fn journal_entries() -> Result<js_sys::Promise, JsValue>;
}

/// Writes an outbox entry to the journal; resolves once it is on disk.
pub async fn journal_write(key: &str, value: &str) -> bool {
    let outcome = match journal_put(key, value) {
        Ok(promise) => JsFuture::from(promise).await.map(drop).map_err(|e| reason(&e)),
        Err(error) => Err(reason(&error)),
    };
    let written = outcome.is_ok();
    note_outcome(outcome);
    written
}

/// What the journal keeps besides `localStorage`: the outbox, and what
/// opens it offline (the wrapped data keys and the PIN's record).
fn is_journaled(key: &str) -> bool {
    key.starts_with(OUTBOX_PREFIX)
        || key.starts_with(super::vault::VAULT_PREFIX)
        || crate::device::is_pin_record(key)
        || key == DEVICE_KEY
}

#[derive(Clone, Copy, Debug, Default)]
pub struct LocalKv;

impl Kv for LocalKv {
    fn get(&self, key: &str) -> Option<String> {
        LocalStorage::raw().get_item(key).ok().flatten()
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StorageFull> {
        LocalStorage::raw().set_item(key, value).map_err(|_| StorageFull)?;
        if is_journaled(key) {
            journal_in_background(key, value);
        }
        Ok(())
    }

    fn remove(&mut self, key: &str) {
        let _ = LocalStorage::raw().remove_item(key);
        if is_journaled(key) {
            if let Ok(promise) = journal_remove(key) {
                wasm_bindgen_futures::spawn_local(async move {
                    let _ = JsFuture::from(promise).await;
                });
            }
        }
    }

    fn keys_under(&self, prefix: &str) -> Vec<String> {
        LocalKv::all_keys().into_iter().filter(|k| k.starts_with(prefix)).collect()
    }
}

impl LocalKv {
    /// Every key in `localStorage`, in no particular order.
    pub fn all_keys() -> Vec<String> {
        let storage = LocalStorage::raw();
        (0..storage.length().unwrap_or(0)).filter_map(|i| storage.key(i).ok().flatten()).collect()
    }
}

/// Brings back into `localStorage` any outbox entry only the journal has
/// (the browser died before it wrote `localStorage` out), and journals any
/// entry it lacks. Returns how many were brought back.
pub async fn recover_from_journal() -> usize {
    let entries = match journal_entries() {
        Ok(promise) => JsFuture::from(promise).await,
        Err(error) => Err(error),
    };
    let entries = match entries {
        Ok(entries) => entries,
        Err(error) => {
            note_outcome(Err(reason(&error)));
            return 0;
        }
    };
    let storage = LocalStorage::raw();
    let mut journaled = std::collections::HashSet::new();
    let mut restored = 0;
    for entry in js_sys::Array::from(&entries).iter() {
        let pair = js_sys::Array::from(&entry);
        let (Some(key), Some(value)) = (pair.get(0).as_string(), pair.get(1).as_string()) else { continue };
        let here = storage.get_item(&key).ok().flatten();
        if key == DEVICE_KEY {
            // The device's id names the server's key to what it keeps: the
            // journal's wins over one `lock.js` made after a crash lost it.
            if here.as_deref() != Some(value.as_str()) && storage.set_item(&key, &value).is_ok() {
                if let Some(name) = crate::device::lock_js("alongsideNameDevice") {
                    let _ = name.call1(&JsValue::NULL, &JsValue::from_str(&value));
                }
            }
        } else if here.is_none() && storage.set_item(&key, &value).is_ok() {
            restored += 1;
        }
        journaled.insert(key);
    }
    let missing = LocalKv::all_keys().into_iter().filter(|k| is_journaled(k) && !journaled.contains(k));
    for key in missing {
        if let Some(value) = LocalKv.get(&key) {
            journal_write(&key, &value).await;
        }
    }
    if restored > 0 {
        let _ = storage.set_item(RESTORED_KEY, &(restored_count() + restored).to_string());
    }
    restored
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = alongsideStorage, js_name = report, catch)]
    fn storage_report() -> Result<js_sys::Promise, JsValue>;
}

/// What the browser says of the phone's storage, measured now (this
/// writes and removes a large test entry in `localStorage`, so only when
/// someone asks).
pub async fn phone_storage() -> Option<crate::domain::sync::room::PhoneStorage> {
    let report = JsFuture::from(storage_report().ok()?).await.ok()?;
    let field = |name: &str| js_sys::Reflect::get(&report, &JsValue::from_str(name)).ok();
    let number = |name: &str| field(name).and_then(|v| v.as_f64());
    Some(crate::domain::sync::room::PhoneStorage {
        persisted: field("persisted").and_then(|v| v.as_bool()),
        usage: number("usage"),
        quota: number("quota"),
        local_used: number("localUsed")?,
        local_room: number("localRoom")?,
    })
}
