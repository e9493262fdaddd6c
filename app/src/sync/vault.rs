//! The signed-in person's data key on this phone, which seals what the app
//! keeps about people (see [`super::sealed`]). It is made at their first
//! sign-in here and kept only wrapped, twice, in `localStorage`:
//!
//! - under a key the server keeps for this person on this device and hands
//!   only to their live, unlocked session (`GET /api/device_key`), so that
//!   a page opened online needs no PIN; a session that has ended, a locked
//!   one and a phone reported lost get no key;
//! - under a key only their PIN makes (the third 256 bits of its PBKDF2,
//!   never kept), so that the phone opens offline once the PIN is typed.
//!
//! The data key is in the clear only in the memory of an open page. Until
//! it is open, sync does not start and nothing about anyone is kept.

use super::kv::Kv;
use super::local::LocalKv;
use super::sealed::{self, DataKey, Sealed};
use leptos::ev;
use leptos::prelude::window_event_listener;
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Where a person's wrapped data keys are kept: `alongside.vault.<staff id>.server`
/// and `….pin`.
pub const VAULT_PREFIX: &str = "alongside.vault.";
/// How long a page waits for the server's key before asking for the PIN
/// (a ward's signal can be slow rather than absent).
const SERVER_WAIT_MS: i32 = 4000;

thread_local! {
    static OPEN: RefCell<Option<(DataKey, [u8; 32])>> = const { RefCell::new(None) };
    static SERVER_KEY: RefCell<Option<[u8; 32]>> = const { RefCell::new(None) };
    /// The key of a PIN chosen while the data key could not be opened
    /// (offline, after the browser lost its copy of the old PIN): the data
    /// key is wrapped under it as soon as the server's key opens it.
    static PENDING_PIN: RefCell<Option<[u8; 32]>> = const { RefCell::new(None) };
    /// Resolves the promise [`open_for_page`] waits on, once the key opens.
    static WHEN_OPEN: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

fn name(staff_id: &str, under: &str) -> String {
    format!("{VAULT_PREFIX}{staff_id}.{under}")
}

fn get(key: &str) -> Option<String> {
    LocalKv.get(key)
}

/// The open data key, if this page has one.
pub fn key() -> Option<DataKey> {
    OPEN.with(|o| o.borrow().as_ref().map(|(key, _)| key.clone()))
}

/// A fresh random nonce for each sealed write.
pub fn nonce() -> Option<[u8; 12]> {
    crate::device::random_bytes()
}

/// `localStorage`, sealed with the open key.
pub fn store() -> Sealed<LocalKv> {
    Sealed::new(LocalKv, key(), nonce)
}

fn set_open(staff_id: &str, bytes: [u8; 32]) {
    OPEN.with(|o| *o.borrow_mut() = Some((DataKey::new(staff_id, &bytes), bytes)));
    // The service worker seals the pages it keeps with it (`public/sw.js`).
    hand_to_worker();
    if let Some(resolve) = WHEN_OPEN.with(|w| w.borrow_mut().take()) {
        let _ = resolve.call0(&JsValue::NULL);
    }
}

/// Hands the open key to the service worker (through `lock.js`), which
/// seals the pages it keeps with it, and hands it back to a page of the app
/// opening with no network while it holds it (see [`held_by_worker`]).
/// Resolves once the worker has it.
fn hand_to_worker() -> Option<js_sys::Promise> {
    let (key, bytes) = OPEN.with(|o| o.borrow().clone())?;
    let hand = crate::device::lock_js("alongsideHandKey")?;
    let owner = JsValue::from_str(key.owner());
    let hex = JsValue::from_str(&crate::domain::hex::to_hex(&bytes));
    hand.call2(&JsValue::NULL, &owner, &hex).ok()?.dyn_into().ok()
}

/// Waits until the service worker holds the open key: before a reload the
/// app makes with no network, so the page it opens does not ask again.
pub async fn hand_off() {
    if let Some(handed) = hand_to_worker() {
        let _ = JsFuture::from(handed).await;
    }
}

/// The key the service worker holds for this person, if it does: a page of
/// the app was open (with its key) a moment ago.
async fn held_by_worker(staff_id: &str) -> Option<[u8; 32]> {
    let ask = crate::device::lock_js("alongsideAskKey")?;
    let promise: js_sys::Promise =
        ask.call1(&JsValue::NULL, &JsValue::from_str(staff_id)).ok()?.dyn_into().ok()?;
    let hex = JsFuture::from(promise).await.ok()?.as_string()?;
    crate::domain::hex::from_hex(&hex)?.try_into().ok()
}

/// On *Opening Alongside* (`features::device_lock::OpeningPage`), where the
/// service worker stood in for a kept page it could not open: once the
/// PIN has opened the key, hands it to the worker and opens the page asked
/// for, which the worker can now unseal.
pub async fn open_for_worker() {
    open_for_page().await;
    if key().is_some() {
        hand_off().await;
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    }
}

/// Keeps `bytes` wrapped under `wrapping` as `kept_as`, unless what is kept
/// there already is (absent, or wrapped under an older key: written again).
/// Journaled like an outbox entry (`local`), since the records sealed
/// under the data key are lost with it.
fn keep_wrapped(staff_id: &str, kept_as: &str, wrapping: &[u8; 32], bytes: &[u8; 32]) {
    let current = get(kept_as).and_then(|w| sealed::unwrap(wrapping, staff_id, kept_as, &w));
    if current.as_ref() != Some(bytes) {
        if let Some(wrapped) = nonce().and_then(|n| sealed::wrap(wrapping, staff_id, kept_as, bytes, n)) {
            let _ = LocalKv.set(kept_as, &wrapped);
        }
    }
}

/// The key the server keeps for this person on this device; `None`
/// offline, after a few seconds without an answer, or when the server
/// will not hand it over (signed out, locked, reported lost).
async fn server_key() -> Option<[u8; 32]> {
    let window = web_sys::window()?;
    let init = web_sys::RequestInit::new();
    init.set_cache(web_sys::RequestCache::NoStore);
    let fetch = window.fetch_with_str_and_init("/api/device_key", &init);
    let late = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, SERVER_WAIT_MS);
    });
    let answer = JsFuture::from(js_sys::Promise::race(&js_sys::Array::of2(&fetch, &late))).await.ok()?;
    let response: web_sys::Response = answer.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    let body = JsFuture::from(response.json().ok()?).await.ok()?;
    let hex = js_sys::Reflect::get(&body, &JsValue::from_str("key")).ok()?.as_string()?;
    crate::domain::hex::from_hex(&hex)?.try_into().ok()
}

/// Opens `staff_id`'s data key for this page with the server's key (or
/// makes it, the first time they sign in on this phone). False when only
/// their PIN can open it now: offline, locked, or a key made offline.
pub async fn open_with_server(staff_id: &str) -> bool {
    let Some(server) = server_key().await else { return false };
    SERVER_KEY.with(|s| *s.borrow_mut() = Some(server));
    let kept_as = name(staff_id, "server");
    let bytes = match get(&kept_as) {
        Some(wrapped) => match sealed::unwrap(&server, staff_id, &kept_as, &wrapped) {
            Some(bytes) => bytes,
            // The server's key is not the one it was wrapped under.
            None => return false,
        },
        // Made offline with the PIN: the PIN opens it, and it is then
        // wrapped under the server's key too.
        None if get(&name(staff_id, "pin")).is_some() => return false,
        None => {
            let Some(bytes) = crate::device::random_bytes::<32>() else { return false };
            keep_wrapped(staff_id, &kept_as, &server, &bytes);
            if get(&kept_as).is_none() {
                return false;
            }
            bytes
        }
    };
    set_open(staff_id, bytes);
    if let Some(pin_key) = PENDING_PIN.with(|p| p.borrow_mut().take()) {
        keep_wrapped(staff_id, &name(staff_id, "pin"), &pin_key, &bytes);
    }
    true
}

/// Opens the signed-in person's data key as a page loads, with the
/// server's key, or with no network from the service worker while it holds
/// it. When only the PIN can open it, the lock screen asks for it and this
/// waits until it has (the page is covered meanwhile), so that the page is
/// drawn with what the phone keeps, drafts included. It does not
/// wait where no PIN can be typed now (a tablet handed to a patient, a
/// person choosing a PIN afresh): the key then opens when the network is
/// back.
pub async fn open_for_page() {
    let lock = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("device-lock"));
    let Some(staff_id) = lock.and_then(|l| l.get_attribute("data-staff-id")) else { return };
    if open_with_server(&staff_id).await {
        return;
    }
    if let Some(bytes) = held_by_worker(&staff_id).await {
        set_open(&staff_id, bytes);
        return;
    }
    let retry_staff_id = staff_id.clone();
    std::mem::forget(window_event_listener(ev::online, move |_| {
        if key().is_some() {
            return;
        }
        let staff_id = retry_staff_id.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if open_with_server(&staff_id).await {
                super::browser::start();
                super::browser::announce();
            }
        });
    }));
    if crate::device::handed_to().is_some()
        || crate::device::pin_record().is_none_or(|r| r.staff_id != staff_id)
    {
        return;
    }
    crate::device::set_locked(true);
    let opened = js_sys::Promise::new(&mut |resolve, _| WHEN_OPEN.with(|w| *w.borrow_mut() = Some(resolve)));
    if key().is_none() {
        let _ = JsFuture::from(opened).await;
    }
}

/// Why nothing can be kept on this page yet, if the data key is not open.
pub fn closed_reason() -> Option<String> {
    key().is_none().then(|| {
        "This phone's records are not open yet: enter your PIN, or connect to the network, then try again.".to_owned()
    })
}

/// `staff_id`'s PIN was typed or chosen and made `pin_key`: opens their
/// data key with it if the page has none open (or makes one, if they have
/// none on this phone), and keeps it wrapped under the PIN's key and, when
/// this page heard it, the server's. Starts sync if this opened the key.
pub fn pin_typed(staff_id: &str, pin_key: &[u8; 32]) {
    let pin_name = name(staff_id, "pin");
    let server_name = name(staff_id, "server");
    let open = OPEN.with(|o| o.borrow().as_ref().filter(|(k, _)| k.owner() == staff_id).map(|(_, b)| *b));
    let bytes = match open {
        Some(bytes) => bytes,
        None => {
            let kept = get(&pin_name).and_then(|w| sealed::unwrap(pin_key, staff_id, &pin_name, &w));
            let none_here = get(&pin_name).is_none() && get(&server_name).is_none();
            let Some(bytes) = kept.or_else(|| none_here.then(crate::device::random_bytes::<32>).flatten())
            else {
                PENDING_PIN.with(|p| *p.borrow_mut() = Some(*pin_key));
                return;
            };
            set_open(staff_id, bytes);
            bytes
        }
    };
    keep_wrapped(staff_id, &pin_name, pin_key, &bytes);
    if let Some(server) = SERVER_KEY.with(|s| *s.borrow()) {
        keep_wrapped(staff_id, &server_name, &server, &bytes);
    }
    if open.is_none() {
        super::browser::start();
        super::browser::announce();
    }
}

/// Whether `key` must outlive a sign-out while records not yet sent are
/// kept for their author: the server's wrap of their data key, and the
/// device's id, which names the server's key (the author's next sign-in
/// here opens them with it).
pub fn kept_with_unsent(key: &str) -> bool {
    (key.starts_with(VAULT_PREFIX) && key.ends_with(".server")) || key == super::replica::DEVICE_KEY
}
