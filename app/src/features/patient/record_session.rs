//! "Record a session": a one to one note saved on the phone at once and
//! sent when there is a signal. What is typed is kept as a draft on the
//! device, so a reload or an incoming call loses nothing.

use crate::domain::session_form::{session_payload, DEFAULT_MINUTES};
use crate::domain::uk_time;
use crate::ui::{now_utc, FormFields};
use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;

/// The start a new session is offered: it has usually just ended.
fn default_start() -> String {
    uk_time::field_value(now_utc() - chrono::Duration::minutes(i64::from(DEFAULT_MINUTES)))
}

// Only the browser saves, so only the browser makes these.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Clone, Debug, PartialEq, Eq)]
enum Outcome {
    Saved,
    Problem(String),
}

#[component]
pub fn RecordSession(patient_id: String, preferred_name: String) -> impl IntoView {
    let (outcome, set_outcome) = signal(None::<Outcome>);
    let (ready, set_ready) = signal(false);
    let started = NodeRef::<html::Input>::new();
    let minutes = NodeRef::<html::Input>::new();
    let note = NodeRef::<html::Textarea>::new();
    let draft_key = format!("alongside.draft.{patient_id}");

    #[cfg(feature = "hydrate")]
    {
        let draft_key = draft_key.clone();
        Effect::new(move |_| {
            draft::restore(&draft_key, started, minutes, note);
            set_ready.set(true);
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (set_ready, &draft_key);

    let keep_draft = {
        let draft_key = draft_key.clone();
        move |_| {
            #[cfg(feature = "hydrate")]
            draft::keep(&draft_key, started, minutes, note);
            #[cfg(not(feature = "hydrate"))]
            let _ = &draft_key;
        }
    };

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        crate::sync::browser::mark("alongside-tap");
        let Some(fields) = FormFields::of(&ev) else { return };
        let payload = session_payload(
            &patient_id,
            &fields.text("started"),
            &fields.text("minutes"),
            &fields.text("note"),
        );
        #[cfg(feature = "hydrate")]
        {
            let saved = payload
                .map_err(|e| e.to_string())
                .and_then(|p| crate::sync::browser::save("session", p).map_err(|e| e.to_string()));
            match saved {
                Ok(_) => {
                    draft::clear(&draft_key, started, minutes, note);
                    set_outcome.set(Some(Outcome::Saved));
                }
                Err(message) => set_outcome.set(Some(Outcome::Problem(message))),
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (payload, set_outcome);
    };

    view! {
        <section class="card" aria-labelledby="record-title">
            <h2 id="record-title">"Record a session with " {preferred_name}</h2>
            <form class="form" novalidate on:submit=on_submit on:input=keep_draft>
                <div class="form-row">
                    <div class="form-group">
                        <label class="label" for="started">"Started"</label>
                        <input class="input" type="datetime-local" id="started" name="started" value=default_start() node_ref=started />
                    </div>
                    <div class="form-group">
                        <label class="label" for="minutes">"Minutes"</label>
                        <input class="input input--short" type="number" inputmode="numeric" min="1" max="480"
                            id="minutes" name="minutes" value=DEFAULT_MINUTES.to_string() node_ref=minutes />
                    </div>
                </div>
                <div class="form-group">
                    <label class="label" for="note">"Note"</label>
                    <p class="hint" id="note-hint">"What you talked about, in plain words, and anything to follow up."</p>
                    <textarea class="textarea" id="note" name="note" rows="5" aria-describedby="note-hint" node_ref=note></textarea>
                </div>
                <div role="status" aria-live="polite">
                    {move || match outcome.get() {
                        Some(Outcome::Saved) => Some(view! {
                            <p class="saved-message">"Saved on this phone. It goes to the server as soon as there is a signal."</p>
                        }.into_any()),
                        Some(Outcome::Problem(message)) => Some(view! { <p class="error-message">{message}</p> }.into_any()),
                        None => None,
                    }}
                </div>
                <button class="button" type="submit" disabled=move || !ready.get()>"Save session"</button>
            </form>
        </section>
    }
}

/// The form's draft, one key a patient, cleared with everything else at sign-out.
#[cfg(feature = "hydrate")]
mod draft {
    use gloo_storage::{LocalStorage, Storage};
    use leptos::html;
    use leptos::prelude::*;

    pub fn keep(
        key: &str,
        started: NodeRef<html::Input>,
        minutes: NodeRef<html::Input>,
        note: NodeRef<html::Textarea>,
    ) {
        let (Some(s), Some(m), Some(n)) =
            (started.get_untracked(), minutes.get_untracked(), note.get_untracked())
        else {
            return;
        };
        let value = serde_json::json!({ "started": s.value(), "minutes": m.value(), "note": n.value() });
        // A full device only costs the draft; the text is still on screen.
        let _ = LocalStorage::raw().set_item(key, &value.to_string());
    }

    pub fn restore(
        key: &str,
        started: NodeRef<html::Input>,
        minutes: NodeRef<html::Input>,
        note: NodeRef<html::Textarea>,
    ) {
        let Some(text) = LocalStorage::raw().get_item(key).ok().flatten() else { return };
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) else { return };
        let field = |name: &str| value.get(name).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
        if let (Some(s), Some(m), Some(n)) =
            (started.get_untracked(), minutes.get_untracked(), note.get_untracked())
        {
            s.set_value(&field("started"));
            m.set_value(&field("minutes"));
            n.set_value(&field("note"));
        }
    }

    pub fn clear(
        key: &str,
        started: NodeRef<html::Input>,
        minutes: NodeRef<html::Input>,
        note: NodeRef<html::Textarea>,
    ) {
        let _ = LocalStorage::raw().remove_item(key);
        if let (Some(s), Some(m), Some(n)) =
            (started.get_untracked(), minutes.get_untracked(), note.get_untracked())
        {
            s.set_value(&super::default_start());
            m.set_value(&super::DEFAULT_MINUTES.to_string());
            n.set_value("");
        }
    }
}
