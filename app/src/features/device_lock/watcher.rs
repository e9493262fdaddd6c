//! The browser side of the device lock: notices use, locks when idle, and
//! checks PINs typed into the server-drawn lock screens. Every tab shares
//! the state through `localStorage`.

use crate::device;
use crate::domain::device_pin::{is_idle, Pin, DEFAULT_LOCK_SECONDS};
use leptos::ev;
use leptos::prelude::{set_interval, window_event_listener};
use std::cell::Cell;
use std::time::Duration;
use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlElement, HtmlInputElement};

thread_local! {
    /// A PIN is being checked or kept: ignore more presses meanwhile.
    static BUSY: Cell<bool> = const { Cell::new(false) };
    static LAST_WRITE: Cell<f64> = const { Cell::new(0.0) };
}

fn document() -> Option<Document> {
    web_sys::window()?.document()
}

fn element<T: JsCast>(id: &str) -> Option<T> {
    document()?.get_element_by_id(id)?.dyn_into().ok()
}

/// Reads and empties a PIN field.
fn take(id: &str) -> String {
    element::<HtmlInputElement>(id)
        .map(|input| {
            let value = input.value();
            input.set_value("");
            value
        })
        .unwrap_or_default()
}

/// Shows a message in a screen's alert area (empty to clear it).
fn say(id: &str, message: &str) {
    if let Some(area) = element::<HtmlElement>(id) {
        area.set_text_content(Some(message));
    }
}

fn lock_now() {
    device::set_locked(true);
    if let Some(input) = element::<HtmlElement>("unlock-pin") {
        let _ = input.focus();
    }
}

/// Wires the lock screens of this page, if it has them (signed in): asks
/// for a PIN if this person has none on the device, and locks after the
/// idle time the server set in `<body data-lock-seconds>`.
pub fn start() {
    let Some(root) = element::<HtmlElement>("device-lock") else { return };
    let Some(staff_id) = root.get_attribute("data-staff-id") else { return };
    let lock_after = document()
        .and_then(|d| d.body())
        .and_then(|b| b.get_attribute("data-lock-seconds"))
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_LOCK_SECONDS);

    if device::pin_record().is_none_or(|r| r.staff_id != staff_id) {
        // Someone else's lock, or none: this person chooses their own.
        device::set_locked(false);
        device::mark_html("data-needs-pin", true);
        if let Some(input) = element::<HtmlElement>("new-pin") {
            let _ = input.focus();
        }
    } else if device::is_locked()
        || (device::handed_to().is_none()
            && device::last_active().is_some_and(|t| is_idle(t, device::now_ms(), lock_after)))
    {
        lock_now();
    } else {
        device::touch();
    }

    // Any use keeps the app open; written at most once a second.
    let on_use = || {
        let now = device::now_ms();
        if !device::is_locked() && now - LAST_WRITE.get() > 1000.0 {
            LAST_WRITE.set(now);
            device::touch();
        }
    };
    // The page lives as long as these: they are never removed.
    std::mem::forget(window_event_listener(ev::pointerdown, move |_| on_use()));
    std::mem::forget(window_event_listener(ev::keydown, move |_| on_use()));
    std::mem::forget(window_event_listener(ev::scroll, move |_| on_use()));
    // Another tab locked or unlocked.
    std::mem::forget(window_event_listener(ev::storage, |_| {
        device::mark_html("data-locked", device::is_locked())
    }));
    let submit_staff_id = staff_id.clone();
    std::mem::forget(window_event_listener(ev::submit, move |ev| {
        let Some(form) = ev.target().and_then(|t| t.dyn_into::<HtmlElement>().ok()) else { return };
        match form.id().as_str() {
            "choose-pin-form" => {
                ev.prevent_default();
                choose(submit_staff_id.clone());
            }
            "unlock-form" => {
                ev.prevent_default();
                unlock();
            }
            "lock-sign-out-form" => {
                ev.prevent_default();
                sign_out_from_lock(form);
            }
            _ => {}
        }
    }));
    // The lock screens answer now (tests wait for it: a page opened locked
    // is drawn, and hydrated, only once the PIN has opened its records).
    device::mark_html("data-lock-ready", true);
    set_interval(
        move || {
            let idle = device::last_active().is_none_or(|t| is_idle(t, device::now_ms(), lock_after));
            // Handed to a patient, the tablet stays open for them; staff
            // take it back with their PIN.
            let handed = device::handed_to().is_some();
            if !device::is_locked()
                && idle
                && !handed
                && device::pin_record().is_some_and(|r| r.staff_id == staff_id)
            {
                lock_now();
            }
        },
        Duration::from_millis(1000),
    );
}

/// *Sign out* on the lock screen, for someone who is not the person signed
/// in or has forgotten their PIN: like every sign-out it keeps the records
/// not yet on the server (anyone's, unsent or refused), hidden until their
/// author signs in here again, and clears everything else. Sync stops
/// first, so nothing is written back while the device is cleared.
fn sign_out_from_lock(form: HtmlElement) {
    if BUSY.replace(true) {
        return;
    }
    crate::sync::browser::stop();
    wasm_bindgen_futures::spawn_local(async move {
        if crate::sync::browser::device_holds_unsent() {
            device::clear_except_unsent().await;
            if let Ok(Some(keep)) = form.query_selector("input[name=keep_unsent]") {
                let _ = keep.remove_attribute("disabled");
            }
        }
        if let Ok(form) = form.dyn_into::<web_sys::HtmlFormElement>() {
            let _ = form.submit();
        }
    });
}

/// Keeps the new PIN's hash and lets the person in.
fn choose(staff_id: String) {
    if BUSY.get() {
        return;
    }
    let pin = match Pin::choose(&take("new-pin"), &take("new-pin-again")) {
        Ok(pin) => pin,
        Err(e) => return say("choose-pin-error", &e.to_string()),
    };
    BUSY.set(true);
    wasm_bindgen_futures::spawn_local(async move {
        let saved = match device::new_pin_record(&staff_id, &pin).await {
            Some((record, keys)) => {
                let saved = device::save_pin_record(&record);
                // What unlocks this session on the server when it locks.
                device::unlocked(&keys.secret);
                // And what opens the phone's records offline.
                crate::sync::vault::pin_typed(&staff_id, &keys.vault);
                saved
            }
            None => false,
        };
        BUSY.set(false);
        if saved {
            say("choose-pin-error", "");
            device::mark_html("data-needs-pin", false);
            device::touch();
        } else {
            say(
                "choose-pin-error",
                "The PIN could not be kept on this device: its storage may be full or switched off.",
            );
        }
    });
}

/// Checks a PIN: the right one unlocks (and takes the device back from a
/// patient it was handed to); the fifth wrong one in a row signs out and
/// clears the device.
fn unlock() {
    if BUSY.get() {
        return;
    }
    let typed = take("unlock-pin");
    BUSY.set(true);
    wasm_bindgen_futures::spawn_local(async move {
        // A PIN of the wrong shape is not counted as a try.
        match device::check_pin(&typed).await {
            Ok(secret) => {
                device::set_locked(false);
                // A page the server drew locked is drawn again (lock.js): with
                // no network, from the worker's copy, which needs the key.
                if device::drawn_locked() {
                    crate::sync::vault::hand_off().await;
                }
                device::unlocked(&secret);
                device::touch();
                say("unlock-error", "");
                // The PIN that unlocks also takes the tablet back from a patient.
                device::take_back(&secret);
            }
            Err(message) => say("unlock-error", &message),
        }
        BUSY.set(false);
    });
}
