//! The sync loop of the browser edge: one round at a time sends the outbox
//! and pulls changes (on start, when the network comes back, after each
//! write, and on a timer with backoff), and keeps why the server last
//! refused the outbox so the pages can say so.

use super::{announce, unsent_count, with_engine};
use crate::domain::sync::trouble::Failure;
use crate::domain::sync::SyncAnswer;
use crate::sync::backoff::delay_ms;
use leptos::prelude::{set_timeout_with_handle, TimeoutHandle};
use std::cell::{Cell, RefCell};
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

thread_local! {
    static RUNNING: Cell<bool> = const { Cell::new(false) };
    static AGAIN: Cell<bool> = const { Cell::new(false) };
    static FAILURES: Cell<u32> = const { Cell::new(0) };
    static TIMER: RefCell<Option<TimeoutHandle>> = const { RefCell::new(None) };
    /// Why the server last refused to take the outbox, until it next takes it.
    static TROUBLE: RefCell<Option<Failure>> = const { RefCell::new(None) };
}

/// Clears the next attempt's timer (the device is being cleared).
pub(super) fn stop_timer() {
    TIMER.with(|t| {
        if let Some(old) = t.take() {
            old.clear();
        }
    });
}

/// Syncs soon, without waiting.
pub fn nudge() {
    wasm_bindgen_futures::spawn_local(sync_now());
}

fn schedule_next() {
    let wait = delay_ms(FAILURES.get(), js_sys::Math::random());
    let handle = set_timeout_with_handle(nudge, Duration::from_millis(wait)).ok();
    TIMER.with(|t| {
        if let Some(old) = t.replace(handle) {
            old.clear();
        }
    });
}

/// Sends the outbox and pulls changes until nothing is left, then sets the
/// next attempt. One round at a time; a call during a round asks for another.
pub async fn sync_now() {
    if with_engine(|_| ()).is_none() {
        return;
    }
    if RUNNING.replace(true) {
        AGAIN.set(true);
        return;
    }
    loop {
        AGAIN.set(false);
        let Some((plan, staff_id)) =
            with_engine(|e| (e.replica.plan(&e.author.staff_id), e.author.staff_id.clone()))
        else {
            break;
        };
        match post_sync(&plan.body).await {
            Ok((answer, server_ms)) => {
                FAILURES.set(0);
                let cleared = set_trouble(None);
                if let Some(server_ms) = server_ms {
                    with_engine(|e| e.replica.heard_server_time(server_ms));
                }
                let digest = with_engine(|e| e.replica.digest(&staff_id, &plan, answer, super::now_ms()))
                    .unwrap_or_default();
                for patient_id in &digest.forgotten {
                    call_lock_js("alongsideForgetPatientPages", patient_id);
                }
                if cleared || digest.confirmed + digest.rejected + digest.pulled + digest.forgotten.len() > 0
                {
                    announce();
                }
                if !digest.again && !AGAIN.get() {
                    break;
                }
            }
            Err(failure) => {
                FAILURES.set(FAILURES.get().saturating_add(1));
                // No signal says nothing new: a refusal seen before stands
                // until the server takes the records.
                if failure == Failure::Lost {
                    // Reported lost: nothing more is sent or kept.
                    stop_timer();
                    call_lock_js("alongsideWipeLostPhone", "");
                    break;
                }
                if failure == Failure::SignedOut {
                    // No page kept for offline use outlives the sign-in.
                    call_lock_js("alongsideForgetKeptPages", "");
                }
                if failure != Failure::Unreachable && set_trouble(Some(failure)) {
                    announce();
                }
                break;
            }
        }
    }
    RUNNING.set(false);
    schedule_next();
}

/// Asks `lock.js` to drop some of the service worker's copies of pages:
/// a patient's (`alongsideForgetPatientPages`, whose records the replica
/// has just forgotten) or all (`alongsideForgetKeptPages`, the sign-in
/// having ended).
fn call_lock_js(function: &str, argument: &str) {
    if let Some(forget) = crate::device::lock_js(function) {
        let _ = forget.call1(&JsValue::NULL, &JsValue::from_str(argument));
    }
}

/// Keeps why the server refused the outbox; true when that changed.
fn set_trouble(trouble: Option<Failure>) -> bool {
    TROUBLE.with(|t| t.replace(trouble.clone()) != trouble)
}

/// What the person must be told about records the server will not take as
/// things stand (their sign-in ended, their account, a refusal), with how
/// many wait; nothing while the records will go by themselves.
pub fn trouble_message() -> Option<String> {
    trouble()?.message(unsent_count())
}

/// Why the server last refused the outbox, until it next takes it.
pub fn trouble() -> Option<Failure> {
    TROUBLE.with(|t| t.borrow().clone())
}

/// Whether the server refused the outbox because the sign-in has ended.
pub fn signed_out() -> bool {
    trouble() == Some(Failure::SignedOut)
}

/// Any failure is tried again later with backoff, and the outbox is
/// untouched until an answer arrives; a refusal (not "no signal") also
/// says why, for [`trouble_message`].
/// With the answer, the server's time from its `Date` (ms since the epoch).
async fn post_sync(body: &str) -> Result<(SyncAnswer, Option<u64>), Failure> {
    let offline = |_| Failure::Unreachable;
    let window = web_sys::window().ok_or(Failure::Unreachable)?;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(body));
    let headers = web_sys::Headers::new().map_err(offline)?;
    let _ = headers.set("content-type", "application/json");
    init.set_headers(&headers);
    let response =
        JsFuture::from(window.fetch_with_str_and_init("/api/sync", &init)).await.map_err(offline)?;
    let response: web_sys::Response = response.dyn_into().map_err(offline)?;
    let text = JsFuture::from(response.text().map_err(offline)?).await.map_err(offline)?;
    let text = text.as_string().unwrap_or_default();
    if response.status() != 200 {
        return Err(Failure::of_answer(response.status(), &text));
    }
    let server_ms = response
        .headers()
        .get("date")
        .ok()
        .flatten()
        .map(|date| js_sys::Date::parse(&date))
        .filter(|ms| ms.is_finite() && *ms > 0.0)
        .map(|ms| ms as u64);
    let answer = serde_json::from_str(&text).map_err(|_| Failure::Unreachable)?;
    Ok((answer, server_ms))
}

fn sleep(ms: i32) -> JsFuture {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    JsFuture::from(promise)
}

/// Waits for a round under way, runs one more, and answers how many of the
/// person's records are still on this phone only.
pub async fn flush() -> usize {
    for _ in 0..150 {
        if !RUNNING.get() {
            break;
        }
        let _ = sleep(100).await;
    }
    sync_now().await;
    unsent_count()
}
