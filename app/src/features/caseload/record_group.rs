//! "Record a group" on a ward of the caseload: who ran it, who came (from
//! the ward's caseload, each with an optional line for their timeline, and
//! a count of anyone else), and a short note. Saved on the phone at once and
//! sent like every record; what is typed is kept as a draft.

use crate::domain::group::{group_payload, GroupForm};
use crate::domain::uk_time;
use crate::domain::{caseload::Colleague, CaseloadPatient};
use crate::ui::{now_utc, FormFields};
use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use std::collections::HashSet;

/// Groups usually last longer than a contact; this one has just ended.
const GROUP_MINUTES: u32 = 45;

fn default_start() -> String {
    uk_time::field_value(now_utc() - chrono::Duration::minutes(i64::from(GROUP_MINUTES)))
}

#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn read_form(fields: &FormFields) -> GroupForm {
    let attendees = fields.all("attendee");
    GroupForm {
        title: fields.text("title"),
        started: fields.text("started"),
        minutes: fields.text("minutes"),
        place: fields.text("place"),
        co_facilitators: fields.all("co_facilitator"),
        attendees: attendees
            .into_iter()
            .map(|id| {
                let line = fields.text(&format!("line.{id}"));
                (id, line)
            })
            .collect(),
        others: fields.text("others"),
        note: fields.text("note"),
    }
}

#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Clone, Debug, PartialEq, Eq)]
enum Outcome {
    /// Kept (the group's id), and its journal write is under way.
    Saving(String),
    /// How many came.
    Saved(usize),
    Problem(String),
}

#[component]
pub fn RecordGroup(
    ward_id: String,
    ward_name: String,
    patients: Vec<CaseloadPatient>,
    colleagues: Vec<Colleague>,
) -> impl IntoView {
    let (outcome, set_outcome) = signal(None::<Outcome>);
    let (ready, set_ready) = signal(false);
    // Who is ticked as having come: their line's field shows then.
    let ticked = RwSignal::new(HashSet::<String>::new());
    let form = NodeRef::<html::Form>::new();
    let details = NodeRef::<html::Details>::new();
    let draft_key = format!("alongside.draft.group.{ward_id}");
    #[cfg(feature = "hydrate")]
    {
        let draft_key = draft_key.clone();
        Effect::new(move |_| {
            if let (Some(form), Some(details)) = (form.get_untracked(), details.get_untracked()) {
                if crate::ui::form_draft::restore(&draft_key, &form) {
                    details.set_open(true);
                    ticked.set(crate::ui::form_draft::ticked(&form, "attendee").into_iter().collect());
                }
            }
            set_ready.set(true);
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = set_ready;
    let keep_draft = {
        let draft_key = draft_key.clone();
        move |_| {
            #[cfg(feature = "hydrate")]
            if let Some(form) = form.get_untracked() {
                crate::ui::form_draft::keep(&draft_key, &form);
                ticked.set(crate::ui::form_draft::ticked(&form, "attendee").into_iter().collect());
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = &draft_key;
        }
    };
    let ward = ward_id.clone();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(fields) = FormFields::of(&ev) else { return };
        let read = read_form(&fields);
        let came = read.attendees.len();
        let payload = group_payload(&ward, &read, now_utc());
        #[cfg(feature = "hydrate")]
        {
            let saved =
                crate::ui::form_draft::set_aside_while(&draft_key, form.get_untracked().as_ref(), || {
                    payload.and_then(|p| {
                        crate::sync::browser::save("group_session", p).map_err(|e| e.to_string())
                    })
                });
            match saved {
                Ok(kept) => {
                    if let Some(form) = form.get_untracked() {
                        crate::ui::form_draft::clear(&draft_key, &form);
                        crate::ui::form_draft::set_value(&form, "started", &default_start());
                    }
                    ticked.set(HashSet::new());
                    crate::sync::show_when_safe(
                        set_outcome,
                        Outcome::Saving(kept.op.entity_id),
                        Outcome::Saved(came),
                    );
                }
                Err(message) => set_outcome.set(Some(Outcome::Problem(message))),
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (payload, set_outcome, &draft_key, came);
    };
    let id = |name: &str| format!("group-{ward_id}-{name}");
    let (title_id, started_id, minutes_id, place_id, others_id, note_id) =
        (id("title"), id("started"), id("minutes"), id("place"), id("others"), id("note"));
    let colleague_chips = (!colleagues.is_empty()).then(|| {
        view! {
            <fieldset class="form-group chips">
                <legend class="label">"Who ran it with you"</legend>
                <div class="chips__list">
                    {colleagues.into_iter().map(|c| {
                        let chip_id = format!("group-{ward_id}-with-{}", c.staff_id);
                        view! {
                            <span class="chip">
                                <input class="chip__input" type="checkbox" id=chip_id.clone() name="co_facilitator" value=c.staff_id />
                                <label class="chip__label" for=chip_id>{c.name}</label>
                            </span>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        }
    });
    view! {
        <details class="record-group" node_ref=details>
            <summary class="record-group__summary">"Record a group on " {ward_name.clone()}</summary>
            <form class="form" novalidate node_ref=form on:submit=on_submit on:input=keep_draft>
                <div class="form-group">
                    <label class="label" for=title_id.clone()>"Title"</label>
                    <input class="input" id=title_id name="title" maxlength="120" autocomplete="off" />
                </div>
                <div class="form-row">
                    <div class="form-group">
                        <label class="label" for=started_id.clone()>"Started"</label>
                        <input class="input" type="datetime-local" id=started_id name="started" value=default_start() />
                    </div>
                    <div class="form-group">
                        <label class="label" for=minutes_id.clone()>"Minutes"</label>
                        <input class="input input--short" type="number" inputmode="numeric" min="1" max="480"
                            id=minutes_id name="minutes" value=GROUP_MINUTES.to_string() />
                    </div>
                </div>
                <div class="form-group">
                    <label class="label" for=place_id.clone()>"Place"</label>
                    <input class="input" id=place_id name="place" maxlength="80" autocomplete="off" />
                </div>
                {colleague_chips}
                <fieldset class="form-group attendees">
                    <legend class="label">"Who came"</legend>
                    <p class="hint">"Tick each person. What you write under their name goes on their own timeline; the others who came are not named there."</p>
                    <ul class="attendees__list">
                        {patients.into_iter().map(|p| view! { <AttendeeRow ward_id=ward_id.clone() patient=p ticked /> }).collect_view()}
                    </ul>
                </fieldset>
                <div class="form-group">
                    <label class="label" for=others_id.clone()>"Others who came"</label>
                    <p class="hint" id=format!("{others_id}-hint")>"People not on the caseload, such as visitors. A number."</p>
                    <input class="input input--short" type="number" inputmode="numeric" min="0" max="100"
                        id=others_id.clone() name="others" value="0" aria-describedby=format!("{others_id}-hint") />
                </div>
                <div class="form-group">
                    <label class="label" for=note_id.clone()>"Group note"</label>
                    <p class="hint" id=format!("{note_id}-hint")>"How the group went. It shows on the timeline of everyone who came, so name nobody."</p>
                    <textarea class="textarea" id=note_id.clone() name="note" rows="3" maxlength="5000"
                        aria-describedby=format!("{note_id}-hint")></textarea>
                </div>
                <div role="status" aria-live="polite">
                    {move || match outcome.get() {
                        Some(Outcome::Saved(came)) => Some(view! {
                            <p class="saved-message">{saved_message(came)}</p>
                        }.into_any()),
                        Some(Outcome::Saving(_)) => Some(view! { <p class="saving-message">{crate::domain::timeline::RecordState::Saving.label()}</p> }.into_any()),
                        Some(Outcome::Problem(message)) => Some(view! { <p class="error-message">{message}</p> }.into_any()),
                        None => None,
                    }}
                </div>
                <button class="button" type="submit" disabled=move || !ready.get()>"Save group"</button>
            </form>
        </details>
    }
    .into_any()
}

#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn saved_message(came: usize) -> String {
    let who =
        if came == 1 { "1 person's timeline".to_owned() } else { format!("the timelines of {came} people") };
    format!("Group saved on this phone and added to {who}. {}", crate::sync::when_it_goes())
}

/// One person on the ward: a tick for "came", and once ticked, a line for
/// their timeline.
#[component]
fn AttendeeRow(
    ward_id: String,
    patient: CaseloadPatient,
    ticked: RwSignal<HashSet<String>>,
) -> impl IntoView {
    let box_id = format!("group-{ward_id}-came-{}", patient.id);
    let line_id = format!("group-{ward_id}-line-{}", patient.id);
    let id = patient.id.clone();
    let hidden = move || !ticked.with(|t| t.contains(&id));
    let bed = (!patient.bed.is_empty()).then(|| format!(" ({})", patient.bed));
    view! {
        <li class="attendees__item">
            <span class="chip">
                <input class="chip__input" type="checkbox" id=box_id.clone() name="attendee" value=patient.id.clone() />
                <label class="chip__label" for=box_id>{patient.preferred_name.clone()} {bed}</label>
            </span>
            <div class="form-group attendees__line" hidden=hidden>
                <label class="label" for=line_id.clone()>"Line for " {patient.preferred_name}"'s timeline (optional)"</label>
                <input class="input" id=line_id name=format!("line.{}", patient.id) maxlength="2000" autocomplete="off" />
            </div>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::saved_message;

    #[test]
    fn the_saved_message_counts_timelines() {
        assert!(saved_message(1).contains("1 person's timeline"));
        assert!(saved_message(3).contains("the timelines of 3 people"));
    }
}
