//! What the app keeps on the device for the idle lock, and how it is
//! cleared: the PIN's hash (WebCrypto PBKDF2, never the PIN), the locked
//! flag and the time of last use, in `localStorage` so that every tab of
//! the app agrees. Browser-only.

use crate::domain::device_pin::{Pin, PinRecord};
use crate::domain::hex::{from_hex, to_hex};
use gloo_storage::{LocalStorage, Storage};

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

const PIN_KEY: &str = "alongside.pin";
const LOCKED_KEY: &str = "alongside.locked";
const ACTIVE_KEY: &str = "alongside.last_active";
/// Set when five wrong PINs started a sign-out that has not reached the
/// server yet; `lock.js` keeps every page covered and keeps trying until it
/// has.
const ENDING_KEY: &str = "alongside.ending";
use crate::sync::OUTBOX_PREFIX as UNSENT_PREFIX;
/// OWASP's figure for PBKDF2-HMAC-SHA-256.
pub const PIN_ITERATIONS: u32 = 600_000;

/// A function `lock.js` put on `window`, if it has loaded.
pub fn lock_js(name: &str) -> Option<js_sys::Function> {
    let window = web_sys::window()?;
    js_sys::Reflect::get(&window, &JsValue::from_str(name)).ok()?.dyn_into().ok()
}

/// Tells `lock.js` (and through it the server, with the next request) that
/// the PIN of the person the page's lock screens are for was typed: `secret`
/// is what it made, the proof that unlocks the session on the server.
pub fn unlocked(secret: &str) {
    if let Some(unlocked) = lock_js("alongsideUnlocked") {
        let _ = unlocked.call1(&JsValue::NULL, &JsValue::from_str(secret));
    }
}

/// Whether the server drew this page while it held the device lock (with
/// no one's data): `lock.js` draws it again once the PIN unlocks.
pub fn drawn_locked() -> bool {
    let body = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body());
    body.is_some_and(|b| b.has_attribute("data-server-locked"))
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

pub fn pin_record() -> Option<PinRecord> {
    let storage = LocalStorage::raw();
    PinRecord::from_fields(|field| storage.get_item(&format!("{PIN_KEY}.{field}")).ok().flatten())
}

/// False when the device's storage is full or switched off. Journaled
/// (`sync::local`): the records sealed under the PIN's key are opened
/// offline only with it.
pub fn save_pin_record(record: &PinRecord) -> bool {
    let mut local = crate::sync::local::LocalKv;
    record
        .to_fields()
        .iter()
        .all(|(field, value)| crate::sync::Kv::set(&mut local, &format!("{PIN_KEY}.{field}"), value).is_ok())
}

/// Whether `key` is part of the PIN's record.
pub fn is_pin_record(key: &str) -> bool {
    key.strip_prefix(PIN_KEY).is_some_and(|rest| rest.starts_with('.'))
}

pub fn is_locked() -> bool {
    LocalStorage::raw().get_item(LOCKED_KEY).ok().flatten().as_deref() == Some("1")
}

/// Locks or unlocks every tab: the flag is kept, and `<html data-locked>`
/// hides the page at once (the style sheet does the hiding).
pub fn set_locked(locked: bool) {
    let storage = LocalStorage::raw();
    let _ = if locked { storage.set_item(LOCKED_KEY, "1") } else { storage.remove_item(LOCKED_KEY) };
    mark_html("data-locked", locked);
}

/// Sets or clears an attribute on `<html>`, which the style sheet reads.
pub fn mark_html(attribute: &str, on: bool) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = if on { root.set_attribute(attribute, "") } else { root.remove_attribute(attribute) };
    }
}

/// Notes that the person is using the app now. (Whole milliseconds: an
/// integer, because printing and reading floats costs the download ~20 KB.)
pub fn touch() {
    let _ = LocalStorage::raw().set_item(ACTIVE_KEY, &(now_ms() as u64).to_string());
}

pub fn last_active() -> Option<f64> {
    let text = LocalStorage::raw().get_item(ACTIVE_KEY).ok().flatten()?;
    text.parse::<u64>().ok().map(|ms| ms as f64)
}

/// `N` bytes from the browser's cryptographic random source.
pub fn random_bytes<const N: usize>() -> Option<[u8; N]> {
    let mut bytes = [0u8; N];
    let crypto = web_sys::window()?.crypto().ok()?;
    crypto.get_random_values_with_u8_array(&mut bytes).ok()?;
    Some(bytes)
}

/// PBKDF2-HMAC-SHA-256 of the PIN, by the browser's own WebCrypto: 768 bits
/// in hexadecimal. The first 256 (PBKDF2's first block) are what the PIN
/// record keeps; the second 256 are never kept, and serve as the secret
/// only the PIN makes (see [`check_pin`]); the third, never kept either,
/// wrap the data key that seals what the phone keeps (`sync::vault`).
/// PBKDF2's blocks do not depend on the length asked for, so records made
/// when only 512 bits were derived still match.
pub async fn hash_pin(pin: &str, salt: &[u8], iterations: u32) -> Option<String> {
    let subtle = web_sys::window()?.crypto().ok()?.subtle();
    let key_data = js_sys::Uint8Array::from(pin.trim().as_bytes());
    let usages = js_sys::Array::of1(&JsValue::from_str("deriveBits"));
    let key = subtle.import_key_with_str("raw", &key_data, "PBKDF2", false, &usages).ok()?;
    let key: web_sys::CryptoKey = JsFuture::from(key).await.ok()?.dyn_into().ok()?;
    let params =
        web_sys::Pbkdf2Params::new_with_str("PBKDF2", "SHA-256", iterations, &js_sys::Uint8Array::from(salt));
    let bits = JsFuture::from(subtle.derive_bits_with_object(&params, &key, 768).ok()?).await.ok()?;
    Some(to_hex(&js_sys::Uint8Array::new(&bits).to_vec()))
}

/// What a PIN makes besides the hash its record keeps.
pub struct PinKeys {
    /// The proof that unlocks the session on the server (hexadecimal).
    pub secret: String,
    /// The key the data key is wrapped under.
    pub vault: [u8; 32],
}

/// Splits [`hash_pin`]'s output into the kept hash and the [`PinKeys`].
fn split_hash(hash: &str) -> Option<(&str, PinKeys)> {
    let (kept, rest) = hash.split_at_checked(64)?;
    let (secret, vault) = rest.split_at_checked(64)?;
    let vault = from_hex(vault)?.try_into().ok()?;
    Some((kept, PinKeys { secret: secret.to_owned(), vault }))
}

/// A new record for `staff_id`'s chosen PIN, and what the PIN makes (see
/// [`pin_matches`]).
pub async fn new_pin_record(staff_id: &str, pin: &Pin) -> Option<(PinRecord, PinKeys)> {
    let salt = random_bytes::<16>()?;
    let hash = hash_pin(pin.expose(), &salt, PIN_ITERATIONS).await?;
    let (kept, keys) = split_hash(&hash)?;
    let record = PinRecord {
        staff_id: staff_id.to_owned(),
        salt: to_hex(&salt),
        hash: kept.to_owned(),
        iterations: PIN_ITERATIONS,
        failures: 0,
    };
    Some((record, keys))
}

/// When `pin` (as typed) is the one the record was made from, what only it
/// makes (the rest of [`hash_pin`], which is never kept).
pub async fn pin_matches(record: &PinRecord, pin: &str) -> Option<PinKeys> {
    let salt = from_hex(&record.salt)?;
    let hash = hash_pin(pin, &salt, record.iterations).await?;
    let (kept, keys) = split_hash(&hash)?;
    (kept == record.hash).then_some(keys)
}

/// Whether a sign-out after five wrong PINs is still on its way to the
/// server: the app then starts nothing (no sync, no lock screens).
pub fn is_ending() -> bool {
    LocalStorage::raw().get_item(ENDING_KEY).ok().flatten().as_deref() == Some("1")
}

/// Clears what the app keeps in this device's storage, except records not
/// yet sent and an unfinished sign-out.
fn clear_storage_except_unsent() {
    let keys = crate::sync::local::LocalKv::all_keys();
    // The records not yet sent stay for their author, and with them the
    // wrap of their data key that the author's next sign-in here opens.
    let unsent = keys.iter().any(|k| k.starts_with(UNSENT_PREFIX));
    let kept = |k: &&String| {
        k.starts_with(UNSENT_PREFIX)
            || k.as_str() == ENDING_KEY
            || (unsent && crate::sync::vault::kept_with_unsent(k))
    };
    // Through the journal's door: what it keeps (the wrapped keys) goes from
    // it too, or it would bring them back.
    let mut local = crate::sync::local::LocalKv;
    for key in keys.iter().filter(|k| !kept(k)) {
        crate::sync::Kv::remove(&mut local, key);
    }
    crate::sync::browser::reread_storage();
    mark_html("data-locked", false);
}

/// Clears what the app keeps on this device, except records not yet sent,
/// and the service worker's copies of pages.
pub async fn clear_except_unsent() {
    clear_storage_except_unsent();
    if let Some(caches) = web_sys::window().and_then(|w| w.caches().ok()) {
        if let Ok(names) = JsFuture::from(caches.keys()).await {
            for name in js_sys::Array::from(&names).iter().filter_map(|n| n.as_string()) {
                let _ = JsFuture::from(caches.delete(&name)).await;
            }
        }
    }
}

/// After five wrong PINs: stops sync, clears the device but for records not
/// yet sent, and hands over to `lock.js`, which covers the page, drops the
/// kept copies of pages (the app shell stays, so the phone still opens
/// offline) and ends the session on the server as soon as the network
/// allows, then goes to the sign-in page. The flag is set first, so a page
/// closed half-way still finishes the job when the app next opens.
pub async fn clear_device_and_sign_out() {
    crate::sync::browser::stop();
    let _ = LocalStorage::raw().set_item(ENDING_KEY, "1");
    clear_storage_except_unsent();
    let Some(window) = web_sys::window() else { return };
    if let Some(finish) = lock_js("alongsideFinishSignOut") {
        let _ = finish.call0(&JsValue::NULL);
        return;
    }
    // lock.js did not load: sign out from here, once.
    clear_except_unsent().await;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str("keep_unsent=1"));
    if let Ok(headers) = web_sys::Headers::new() {
        let _ = headers.set("content-type", "application/x-www-form-urlencoded");
        init.set_headers(&headers);
    }
    let _ = JsFuture::from(window.fetch_with_str_and_init("/logout", &init)).await;
    let _ = window.location().replace("/login?error=locked-out");
}

/// Set while the device is handed to a patient: the id of the patient whose
/// plan it shows. `lock.js` reads it before every page is drawn.
pub const PATIENT_MODE_KEY: &str = "alongside.patient_mode";

/// The patient this device is handed to, if any.
pub fn handed_to() -> Option<String> {
    LocalStorage::raw().get_item(PATIENT_MODE_KEY).ok().flatten().filter(|id| !id.is_empty())
}

/// Where to keep pulling from: nowhere yet. Used on both edges of patient
/// mode, so the device pulls afresh what it forgot when handed over.
fn forget_kept_records() {
    let storage = LocalStorage::raw();
    let keys = crate::sync::local::LocalKv::all_keys();
    let kept = |k: &String| k.starts_with(crate::sync::SAVED_PREFIX) || k.starts_with("alongside.cursor.");
    for key in keys.iter().filter(|k| kept(k)) {
        let _ = storage.remove_item(key);
    }
    crate::sync::browser::reread_storage();
}

/// SHA-256 of `text`, in hexadecimal, by the browser's own WebCrypto.
async fn sha256_hex(text: &str) -> Option<String> {
    let subtle = web_sys::window()?.crypto().ok()?.subtle();
    let data = js_sys::Uint8Array::from(text.as_bytes());
    let digest =
        JsFuture::from(subtle.digest_with_str_and_buffer_source("SHA-256", &data).ok()?).await.ok()?;
    Some(to_hex(&js_sys::Uint8Array::new(&digest).to_vec()))
}

/// Checks the PIN typed to unlock, hand the device over or take it back,
/// counting a wrong one (the fifth signs out and clears the device). `Ok`
/// holds the secret only this PIN makes; `Err` what to say.
pub async fn check_pin(typed: &str) -> Result<String, String> {
    use crate::domain::device_pin::{PinError, WrongPin};
    if let Err(e @ (PinError::Length | PinError::NotDigits)) = Pin::parse(typed) {
        return Err(e.to_string());
    }
    let Some(mut record) = pin_record() else {
        // No PIN kept (storage cleared under the app): sign out.
        clear_device_and_sign_out().await;
        return Err(String::new());
    };
    if let Some(keys) = pin_matches(&record, typed).await {
        record.failures = 0;
        save_pin_record(&record);
        // An offline page opens what the phone keeps with it.
        crate::sync::vault::pin_typed(&record.staff_id, &keys.vault);
        return Ok(keys.secret);
    }
    let outcome = record.wrong();
    save_pin_record(&record);
    if outcome == WrongPin::LockedOut {
        clear_device_and_sign_out().await;
    }
    Err(outcome.message())
}

/// Hands the device to a patient, once the staff member's `pin` is checked:
/// it forgets every record the server holds (they come back when staff take
/// it back) and drops its copies of pages, then shows only `patient_id`'s
/// plan. The server keeps the session to that plan from its next request
/// until it sees the proof only this PIN makes again (see [`take_back`]).
/// Refused while records about anyone else are on this device only, since
/// they would stay on it.
pub async fn hand_to(patient_id: &str, pin: &str) -> Result<(), String> {
    let others = crate::sync::browser::readable()
        .iter()
        .filter(|k| !matches!(k.state, crate::sync::KeptState::Saved) && k.field("patient_id") != patient_id)
        .count();
    if others > 0 {
        return Err(format!(
            "{} about other people {} on this device only or {} attention. Connect to the network so {} the server (or deal with {} first), then hand it over.",
            if others == 1 { "One record".to_owned() } else { format!("{others} records") },
            if others == 1 { "is still" } else { "are still" },
            if others == 1 { "needs" } else { "need" },
            if others == 1 { "it reaches" } else { "they reach" },
            if others == 1 { "it" } else { "them" },
        ));
    }
    let secret = check_pin(pin).await?;
    let cannot = "This browser cannot hand over the app.";
    let full = "This device's storage is full or switched off, so it cannot be handed over.";
    let check = sha256_hex(&secret).await.ok_or(cannot)?;
    let enter = lock_js("alongsideEnterPatientMode")
        .ok_or("The app has not finished loading. Wait a moment and try again.")?;
    forget_kept_records();
    let handover = format!("{patient_id}.{check}");
    enter
        .call2(&JsValue::NULL, &JsValue::from_str(patient_id), &JsValue::from_str(&handover))
        .map_err(|_| full)?;
    Ok(())
}

/// Takes the device back from a patient after the staff PIN (already
/// checked; `secret` is what it made): shows their record again, and pulls
/// afresh what the device forgot. The secret goes to the server with the
/// next request as the proof that ends patient mode there (offline: when
/// the network is back).
pub fn take_back(secret: &str) {
    let Some(patient_id) = handed_to() else { return };
    forget_kept_records();
    let Some(window) = web_sys::window() else { return };
    match lock_js("alongsideLeavePatientMode") {
        Some(leave) => {
            let _ = leave.call1(&JsValue::NULL, &JsValue::from_str(secret));
        }
        None => {
            let _ = LocalStorage::raw().remove_item(PATIENT_MODE_KEY);
        }
    }
    let _ = window.location().replace(&format!("/patients/{patient_id}"));
}
