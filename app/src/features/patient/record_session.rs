//! "Record a session": any peer support contact, saved on the phone at once
//! and sent when there is a signal. It opens ready for a routine one to one
//! (now, 15 minutes, the ward's usual place), so a routine note is the note
//! and Save. What is typed and ticked is kept as a draft on the device, so
//! a reload or an incoming call loses nothing.

use super::contact_choices::{ContactTypePicker, EngagementPicker, FollowUpRows, MoreDetails, ThemeChips};
use crate::domain::contact::Lateness;
#[cfg(feature = "hydrate")]
use crate::domain::follow_up::follow_ups_from_contact;
use crate::domain::resources::{signposting_lines, Resource};
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
    /// Kept (the contact's id), and its journal write is under way.
    Saving(String),
    /// The contact's id, and how many follow-ups were saved with it.
    Saved(String, usize),
    Problem(String),
}

#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn saved_message(follow_ups: usize) -> String {
    let with = match follow_ups {
        0 => String::new(),
        1 => " with 1 follow-up".to_owned(),
        n => format!(" with {n} follow-ups"),
    };
    format!("Saved on this phone{with}. {}", crate::sync::when_it_goes())
}

/// The follow-up rows as typed: what, and the day due.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn follow_up_rows(fields: &FormFields) -> Vec<(String, String)> {
    fields.all("follow_up_text").into_iter().zip(fields.all("follow_up_due")).collect()
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
        signposting: signposting_lines(&fields.all("signposting"), &fields.text("signposting_other")),
        late_reason: fields.text("late_reason"),
    }
}

#[component]
pub fn RecordSession(
    patient_id: String,
    preferred_name: String,
    usual_place: String,
    /// The community resources directory, offered as signposting.
    resources: Vec<Resource>,
    /// Set to a contact's id when the worker raises a concern from it.
    raise_from: RwSignal<Option<String>>,
) -> impl IntoView {
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
            let follow_ups = follow_ups_from_contact(&patient_id, &follow_up_rows(&fields));
            let form_now = form.get_untracked();
            let saved = crate::ui::form_draft::set_aside_while(&draft_key, form_now.as_ref(), || {
                payload.map_err(|e| e.to_string()).and_then(|p| follow_ups.map(|f| (p, f))).and_then(
                    |(p, follow_ups)| {
                        let session = crate::sync::browser::save("session", p).map_err(|e| e.to_string())?;
                        let id = session.op.entity_id;
                        for mut follow_up in follow_ups.iter().cloned() {
                            follow_up["session_id"] = serde_json::json!(id);
                            if let Err(e) = crate::sync::browser::save("follow_up", follow_up) {
                                return Err(format!("The contact was saved, but not every follow-up: {e}"));
                            }
                        }
                        Ok((id, follow_ups.len()))
                    },
                )
            });
            match saved {
                Ok((id, follow_ups)) => {
                    if let Some(form) = form.get_untracked() {
                        crate::ui::form_draft::clear(&draft_key, &form);
                        crate::ui::form_draft::set_value(&form, "started", &default_start());
                    }
                    set_late.set(None);
                    crate::sync::show_when_safe(
                        set_outcome,
                        Outcome::Saving(id.clone()),
                        Outcome::Saved(id, follow_ups),
                    );
                }
                Err(message) => set_outcome.set(Some(Outcome::Problem(message))),
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (payload, set_outcome, SessionFormError::Late, &patient_id);
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
                <MoreDetails preferred_name resources />
                <FollowUpRows />
                <div role="status" aria-live="polite">
                    {move || match outcome.get() {
                        Some(Outcome::Saved(id, follow_ups)) => Some(view! {
                            <p class="saved-message">{saved_message(follow_ups)}</p>
                            <button class="button button--secondary button--small" type="button"
                                on:click=move |_| raise_from.set(Some(id.clone()))>
                                "Raise a concern from this contact"
                            </button>
                        }.into_any()),
                        Some(Outcome::Saving(_)) => Some(view! { <p class="saving-message">{crate::domain::timeline::RecordState::Saving.label()}</p> }.into_any()),
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

#[cfg(test)]
mod tests {
    use super::saved_message;

    #[test]
    fn the_saved_message_counts_the_follow_ups_saved_with_the_contact() {
        assert!(saved_message(0).starts_with("Saved on this phone. "));
        assert!(saved_message(1).starts_with("Saved on this phone with 1 follow-up. "));
        assert!(saved_message(3).contains("with 3 follow-ups"));
    }
}
