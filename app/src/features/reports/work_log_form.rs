//! "Log supervision, training, a meeting or travel": a few taps, saved on
//! the phone first and sent like every record; the weekly return counts it.

use crate::domain::follow_up::date_text;
use crate::domain::reports::{Week, WorkKind};
use crate::domain::timeline::RecordState;
use crate::domain::uk_time;
use crate::features::patient::{kept_on_this_phone, StateTag};
use crate::ui::{FormFields, Radios};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

/// How long, in the few lengths most things take.
const LENGTHS: [(u32, &str); 9] = [
    (15, "15 minutes"),
    (30, "30 minutes"),
    (45, "45 minutes"),
    (60, "1 hour"),
    (90, "1½ hours"),
    (120, "2 hours"),
    (180, "3 hours"),
    (240, "4 hours"),
    (450, "A full day (7½ hours)"),
];

#[component]
pub fn WorkLogForm(week: Week, wards: Vec<(String, String)>) -> impl IntoView {
    let (problem, set_problem) = signal(None::<String>);
    let (saved, set_saved) = signal(None::<String>);
    let (ready, set_ready) = signal(false);
    Effect::new(move |_| set_ready.set(true));
    let today = uk_time::to_uk(crate::ui::now_utc()).date();
    // Today if it is in this week, else the week's Sunday.
    let default_day = if week.days().contains(&today) { today } else { week.sunday() };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(fields) = FormFields::of(&ev) else { return };
        let minutes: u32 = fields.text("minutes").parse().unwrap_or(0);
        let payload = serde_json::json!({
            "ward_id": fields.text("ward_id"), "kind": fields.text("kind"), "on": fields.text("on"),
            "minutes": minutes, "with_whom": fields.text("with_whom").trim(),
        });
        let checked =
            crate::domain::work_log::check_work_log(&payload, crate::ui::now_utc().timestamp_millis())
                .map(|_| payload)
                .map_err(|e| match e {
                    e if e.contains("(kind)") => "Choose what it was.".to_owned(),
                    e => e,
                });
        #[cfg(feature = "hydrate")]
        match checked.and_then(|p| crate::sync::browser::save("work_log", p).map_err(|e| e.to_string())) {
            Ok(_) => {
                set_problem.set(None);
                set_saved.set(Some("Logged. It counts in your return once it reaches the server.".into()));
                crate::ui::reset_form(&ev);
            }
            Err(message) => {
                set_saved.set(None);
                set_problem.set(Some(message));
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (checked, set_problem, set_saved);
    };
    let kinds: Vec<(&'static str, &'static str)> =
        WorkKind::ALL.iter().map(|k| (k.as_str(), k.label())).collect();
    let single_ward = (wards.len() == 1).then(|| wards[0].0.clone());
    view! {
        <details class="add-follow-up work-log no-print">
            <summary class="raise-concern__summary">"Log supervision, training, a meeting or travel"</summary>
            <form class="form" novalidate on:submit=on_submit>
                <Radios name="kind" legend="What was it?".into() choices=kinds />
                <div class="form-group">
                    <label class="label" for="log-on">"Day"</label>
                    <input class="input" type="date" id="log-on" name="on" value=date_text(default_day) />
                </div>
                <div class="form-group">
                    <label class="label" for="log-minutes">"How long"</label>
                    <select class="input" id="log-minutes" name="minutes">
                        {LENGTHS.iter().map(|(m, label)| view! { <option value=m.to_string() selected=*m == 60>{*label}</option> }).collect_view()}
                    </select>
                </div>
                <div class="form-group">
                    <label class="label" for="log-with">"With whom, or what (optional)"</label>
                    <input class="input" type="text" id="log-with" name="with_whom" maxlength="200" autocomplete="off" />
                </div>
                {match single_ward {
                    Some(ward) => view! { <input type="hidden" name="ward_id" value=ward /> }.into_any(),
                    None => view! {
                        <div class="form-group">
                            <label class="label" for="log-ward">"Filed under ward"</label>
                            <select class="input" id="log-ward" name="ward_id">
                                {wards.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                            </select>
                        </div>
                    }.into_any(),
                }}
                <p class="error-message" role="alert" hidden=move || problem.with(Option::is_none)>{move || problem.get()}</p>
                <p class="saved-message" role="status" hidden=move || saved.with(Option::is_none)>{move || saved.get()}</p>
                <button class="button" type="submit" disabled=move || !ready.get()>"Save log"</button>
            </form>
        </details>
        <LoggedThisWeek week />
    }
}

/// The logs for this week this phone holds, with where each is.
#[component]
fn LoggedThisWeek(week: Week) -> impl IntoView {
    let kept = kept_on_this_phone();
    let days = week.days().map(date_text);
    let logs = move || {
        kept.with(|kept| {
            kept.iter()
                .filter(|k| k.op.entity == "work_log" && days.iter().any(|d| d == k.field("on")))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <ul class="work-log-list">
            {move || logs().into_iter().map(|k| {
                let kind = WorkKind::parse(k.field("kind")).map_or("", |k| k.label());
                let minutes = k.op.payload.get("minutes").and_then(|m| m.as_i64()).unwrap_or(0);
                let state = crate::sync::record_state(&k);
                let with = k.field("with_whom").to_owned();
                view! {
                    <li class="work-log-item">
                        {format!(
                            "{kind}, {}, {}{}",
                            crate::domain::follow_up::parse_date(k.field("on"))
                                .map(crate::domain::instant::short_day)
                                .unwrap_or_default(),
                            crate::domain::reports::hours_and_minutes(minutes),
                            if with.is_empty() { String::new() } else { format!(", {with}") }
                        )}
                        {(state != RecordState::Saved).then(|| view! {
                            <StateTag state=Signal::derive(move || state.clone()) op_id=k.op.id.clone() />
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
