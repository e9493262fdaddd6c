//! "Record a session": any peer support contact, saved on the phone at once
//! and sent when there is a signal. It opens ready for a routine one to one
//! (now, 15 minutes, the ward's usual place), so a routine note is the note
//! and Save. What is typed and ticked is kept as a draft on the device, so
//! a reload or an incoming call loses nothing.

use super::contact_choices::{ContactTypePicker, EngagementPicker, MoreDetails, ThemeChips};
use crate::domain::contact::Lateness;
use crate::domain::session_form::{contact_payload, ContactForm, SessionFormError, DEFAULT_MINUTES};
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

#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn read_form(fields: &FormFields) -> ContactForm {
    ContactForm {
        session_type: fields.text("session_type"),
        started: fields.text("started"),
        minutes: fields.text("minutes"),
        place: fields.text("place"),
        note: fields.text("note"),
        themes: fields.all("themes"),
        engagement: fields.text("engagement"),
        planned_activity: fields.text("planned_activity"),
        lived_experience_shared: fields.text("lived_experience_shared") == "yes",
        signposting: fields.text("signposting"),
        late_reason: fields.text("late_reason"),
    }
}

#[component]
pub fn RecordSession(patient_id: String, preferred_name: String, usual_place: String) -> impl IntoView {
    let (outcome, set_outcome) = signal(None::<Outcome>);
    let (ready, set_ready) = signal(false);
    // Why the start needs a reason, if it does: the reason's field shows then.
    let (late, set_late) = signal(None::<Lateness>);
    let form = NodeRef::<html::Form>::new();
    let draft_key = format!("alongside.draft.{patient_id}");

    #[cfg(feature = "hydrate")]
    {
        let draft_key = draft_key.clone();
        Effect::new(move |_| {
            if let Some(form) = form.get_untracked() {
                crate::ui::form_draft::restore(&draft_key, &form);
                set_late.set(crate::ui::form_draft::lateness(&form, now_utc()));
            }
            set_ready.set(true);
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (set_ready, set_late, &draft_key);

    let keep_draft = {
        let draft_key = draft_key.clone();
        move |_| {
            #[cfg(feature = "hydrate")]
            if let Some(form) = form.get_untracked() {
                crate::ui::form_draft::keep(&draft_key, &form);
                set_late.set(crate::ui::form_draft::lateness(&form, now_utc()));
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = &draft_key;
        }
    };

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        crate::sync::browser::mark("alongside-tap");
        let Some(fields) = FormFields::of(&ev) else { return };
        let payload = contact_payload(&patient_id, &read_form(&fields), now_utc());
        #[cfg(feature = "hydrate")]
        {
            match &payload {
                Err(SessionFormError::Late) => set_late.set(Some(Lateness::Late)),
                Err(SessionFormError::Future) => set_late.set(Some(Lateness::Future)),
                _ => {}
            }
            let saved = payload
                .map_err(|e| e.to_string())
                .and_then(|p| crate::sync::browser::save("session", p).map_err(|e| e.to_string()));
            match saved {
                Ok(_) => {
                    if let Some(form) = form.get_untracked() {
                        crate::ui::form_draft::clear(&draft_key, &form);
                        crate::ui::form_draft::set_value(&form, "started", &default_start());
                    }
                    set_late.set(None);
                    set_outcome.set(Some(Outcome::Saved));
                }
                Err(message) => set_outcome.set(Some(Outcome::Problem(message))),
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (payload, set_outcome, SessionFormError::Late);
    };

    let late_hint = move || match late.get() {
        Some(Lateness::Future) => "The start is in the future. If that is right, say why.",
        _ => "It started more than 7 days ago. Late entries are fine; say why it is entered now.",
    };
    view! {
        <section class="card" aria-labelledby="record-title">
            <h2 id="record-title">"Record a session with " {preferred_name.clone()}</h2>
            <form class="form" novalidate node_ref=form on:submit=on_submit on:input=keep_draft>
                <ContactTypePicker />
                <div class="form-row">
                    <div class="form-group">
                        <label class="label" for="started">"Started"</label>
                        <input class="input" type="datetime-local" id="started" name="started" value=default_start() />
                    </div>
                    <div class="form-group">
                        <label class="label" for="minutes">"Minutes"</label>
                        <input class="input input--short" type="number" inputmode="numeric" min="1" max="480"
                            id="minutes" name="minutes" value=DEFAULT_MINUTES.to_string() />
                    </div>
                </div>
                <div class="form-group" hidden=move || late.get().is_none()>
                    <label class="label" for="late-reason">"Why it is entered now"</label>
                    <p class="hint" id="late-reason-hint">{late_hint}</p>
                    <input class="input" id="late-reason" name="late_reason" maxlength="500" autocomplete="off"
                        aria-describedby="late-reason-hint" />
                </div>
                <div class="form-group">
                    <label class="label" for="place">"Place"</label>
                    <input class="input" id="place" name="place" maxlength="80" autocomplete="off" value=usual_place />
                </div>
                <div class="form-group">
                    <label class="label" for="note">"Note"</label>
                    <p class="hint" id="note-hint">"What you talked about, in plain words, and anything to follow up."</p>
                    <textarea class="textarea" id="note" name="note" rows="5" aria-describedby="note-hint"></textarea>
                </div>
                <ThemeChips />
                <EngagementPicker preferred_name=preferred_name.clone() />
                <MoreDetails preferred_name />
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
    .into_any()
}
