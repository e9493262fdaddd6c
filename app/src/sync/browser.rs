//! The browser edge of sync: one replica per page over `localStorage`, what
//! the pages ask of it (save, read, count, send again), and a window event
//! (`alongside-records`) that tells the pages to redraw. The loop that
//! sends and pulls is in [`rounds`].

mod rounds;

pub use rounds::{flush, nudge, signed_out, sync_now, trouble, trouble_message};

use super::kept::Kept;
use super::kv::Kv;
use super::local::LocalKv;
use super::replica::{Author, NewIds, Replica, SaveError, DEFAULT_RETENTION_DAYS};
use super::sealed::Sealed;
use crate::domain::sync::ids::time_ordered_uuid;
use leptos::ev;
use leptos::prelude::{set_timeout_with_handle, window_event_listener};
use serde_json::Value;
use std::cell::RefCell;
use std::time::Duration;

/// How long after a write its sync starts.
const AFTER_WRITE_MS: u64 = 100;

/// The event pages listen to: the device's records changed.
pub const RECORDS_CHANGED: &str = "alongside-records";

struct Engine {
    replica: Replica<Sealed<LocalKv>>,
    author: Author,
    retention_days: u32,
}

thread_local! {
    static ENGINE: RefCell<Option<Engine>> = const { RefCell::new(None) };
    static OPEN_ERROR: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// A random id, for the device itself.
fn new_uuid() -> String {
    web_sys::window().and_then(|w| w.crypto().ok()).map(|c| c.random_uuid()).unwrap_or_default()
}

/// A time-ordered id, for a new op or record (see [`time_ordered_uuid`]).
fn new_id() -> String {
    crate::device::random_bytes().map(|random| time_ordered_uuid(now_ms(), random)).unwrap_or_default()
}

fn with_engine<T>(f: impl FnOnce(&mut Engine) -> T) -> Option<T> {
    ENGINE.with(|e| e.borrow_mut().as_mut().map(f))
}

fn body_data(name: &str) -> Option<String> {
    web_sys::window()?.document()?.body()?.get_attribute(name)
}

/// Tells the pages that what the device holds has changed (or how safely:
/// a journal write has completed).
pub(super) fn announce() {
    if let Some(window) = web_sys::window() {
        if let Ok(event) = web_sys::CustomEvent::new(RECORDS_CHANGED) {
            let _ = window.dispatch_event(&event);
        }
    }
    show_trouble();
}

/// Fills in and shows, or hides, the banner's line about records the server
/// will not take (`#sync-trouble`, drawn by `OfflineBanner`). Written here
/// rather than as a reactive view: the line changes rarely, and each
/// reactive closure in the main download costs it.
fn show_trouble() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let (Some(line), Some(text), Some(sign_in)) = (
        document.get_element_by_id("sync-trouble"),
        document.get_element_by_id("sync-trouble-text"),
        document.get_element_by_id("sync-trouble-sign-in"),
    ) else {
        return;
    };
    let message = trouble_message().or_else(|| {
        let earlier = with_engine(|e| e.replica.earlier_count(&e.author.staff_id)).unwrap_or(0);
        (earlier > 0).then(|| {
            format!(
                "Written with an earlier version of Alongside: {earlier} of your records on this phone. \
                 They go to the server as they were written; any it cannot take are marked Needs attention."
            )
        })
    });
    text.set_text_content(message.as_deref());
    let _ = line.toggle_attribute_with_force("hidden", message.is_none());
    let _ = sign_in.toggle_attribute_with_force("hidden", !signed_out());
}

/// Marks a moment for performance measurements (read by the browser tests).
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// Starts sync on a signed-in page (the server drew `#device-lock` with the
/// person's id and name) once their data key is open (see `vault`). Does
/// nothing on the sign-in page, before the key is open, or a second time.
pub fn start() {
    if with_engine(|_| ()).is_some() {
        return;
    }
    let Some(key) = super::vault::key() else { return };
    let Some(lock) =
        web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("device-lock"))
    else {
        return;
    };
    let (Some(staff_id), Some(name)) =
        (lock.get_attribute("data-staff-id"), lock.get_attribute("data-staff-name"))
    else {
        return;
    };
    let retention_days =
        body_data("data-retention-days").and_then(|d| d.parse().ok()).unwrap_or(DEFAULT_RETENTION_DAYS);
    match Replica::open(Sealed::new(LocalKv, Some(key), super::vault::nonce), new_uuid) {
        Ok(mut replica) => {
            // What an earlier release kept in the clear (read so by the
            // replica's opening) is sealed now.
            let in_the_clear = replica.kv().take_read_in_the_clear();
            replica.write_again(&staff_id, |k| in_the_clear.contains(k));
            let author = Author { staff_id, name };
            ENGINE.with(|e| *e.borrow_mut() = Some(Engine { replica, author, retention_days }));
            show_trouble();
        }
        Err(e) => {
            OPEN_ERROR.with(|o| *o.borrow_mut() = Some(e.to_string()));
            return;
        }
    }
    std::mem::forget(window_event_listener(ev::online, |_| nudge()));
    // Another tab wrote or removed a record.
    std::mem::forget(window_event_listener(ev::storage, |e| {
        if with_engine(|en| en.replica.heard(e.key().as_deref(), e.new_value().as_deref())).unwrap_or(false) {
            announce();
        }
    }));
    wasm_bindgen_futures::spawn_local(async {
        with_engine(|e| e.replica.prune(now_ms(), e.retention_days));
        sync_now().await;
    });
}

/// Reads the records from `localStorage` again, after code outside the
/// replica changed them on this page.
pub fn reread_storage() {
    with_engine(|e| e.replica.reload());
}

/// Stops syncing for good on this page (the device is being cleared).
pub fn stop() {
    ENGINE.with(|e| *e.borrow_mut() = None);
    rounds::stop_timer();
}

/// Why the device cannot keep records, if it cannot.
pub fn open_error() -> Option<String> {
    OPEN_ERROR.with(|o| o.borrow().clone())
}

/// Keeps a new record on the device and starts sending it. When this
/// returns `Ok` the record is stored on the phone.
pub fn save(entity: &str, payload: Value) -> Result<Kept, SaveError> {
    save_change(entity, &new_id(), "create", payload)
}

/// Keeps a change to the record `entity_id` on the device and starts
/// sending it, as [`save`].
pub fn save_change(entity: &str, entity_id: &str, action: &str, payload: Value) -> Result<Kept, SaveError> {
    let ids = NewIds { op_id: new_id(), entity_id: entity_id.to_owned() };
    let kept = with_engine(|e| e.replica.record_change(&e.author, entity, action, payload, ids, now_ms()))
        .unwrap_or_else(|| {
            let why = open_error().or_else(super::vault::closed_reason);
            Err(SaveError::Invalid(why.unwrap_or_else(|| "Sign in again to record.".into())))
        })?;
    mark("alongside-saved");
    announce();
    nudge_after_write();
    Ok(kept)
}

/// Syncs a moment after a write, not in the same turn: the page shows the
/// new record first, and the writes of one tap (a contact and its
/// follow-ups) go in one request.
fn nudge_after_write() {
    let _ = set_timeout_with_handle(nudge, Duration::from_millis(AFTER_WRITE_MS));
}

/// Everything the signed-in person may read on this device.
pub fn readable() -> Vec<Kept> {
    with_engine(|e| e.replica.readable(&e.author.staff_id)).unwrap_or_default()
}

/// How many of the signed-in person's records are on this phone only.
pub fn unsent_count() -> usize {
    with_engine(|e| e.replica.unsent_count(&e.author.staff_id)).unwrap_or(0)
}

/// Removes a refused record the person has read and dealt with.
pub fn discard_refused(op_id: &str) -> bool {
    let done = with_engine(|e| e.replica.discard_refused(&e.author.staff_id, op_id)).unwrap_or(false);
    if done {
        announce();
    }
    done
}

/// Sends one of the person's refused records again (see
/// [`Replica::send_again`]); an `Err` says why it still cannot go.
pub fn send_again(op_id: &str) -> Result<(), String> {
    let again = with_engine(|e| e.replica.send_again(&e.author, op_id, new_id(), now_ms()))
        .unwrap_or_else(|| Err(SaveError::Invalid("Sign in again to send it.".into())));
    again.map_err(|e| e.to_string())?;
    mark("alongside-saved");
    announce();
    nudge_after_write();
    Ok(())
}

/// How many of the signed-in person's records the server refused and are
/// still on this phone, waiting for them.
pub fn refused_count() -> usize {
    with_engine(|e| e.replica.outbox(&e.author.staff_id).iter().filter(|k| !k.is_unsent()).count())
        .unwrap_or(0)
}

/// Whether the device holds anyone's records that the server does not have
/// (unsent, or refused and not yet dealt with).
pub fn device_holds_unsent() -> bool {
    !LocalKv.keys_under(super::replica::OUTBOX_PREFIX).is_empty()
}
