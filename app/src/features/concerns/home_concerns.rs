//! The home page's concerns, by who is looking: the nurse in charge is
//! alerted to those waiting for them; a manager to those nobody has
//! acknowledged in time; a PSW sees their own and the answers to them.

use super::{concerns_shown, ticking_now, CardSettings, ConcernList};
use crate::domain::concern::{ConcernList as Which, ConcernView, HomeConcerns};
use crate::sync::Kept;
use leptos::prelude::*;
use std::collections::HashMap;

/// A day: how long the nurse's list keeps a concern raised here since the
/// page was drawn, acknowledged or not.
const DAY_MS: i64 = 24 * 60 * 60 * 1000;

fn raised_ms(concern: &ConcernView) -> i64 {
    crate::domain::instant::parse_rfc3339(&concern.raised_at).map_or(0, |at| at.timestamp_millis())
}

fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

#[component]
pub fn HomeConcernsPanel(
    home: HomeConcerns,
    staff_id: String,
    names: HashMap<String, String>,
    kept: ReadSignal<Vec<Kept>>,
) -> impl IntoView {
    let HomeConcerns { list, concerns, escalate_after_min } = home;
    if list == Which::None {
        return ().into_any();
    }
    let now = ticking_now();
    let on_my_wards = {
        let names = names.clone();
        move |c: &ConcernView| names.contains_key(&c.patient_id)
    };
    let name_of = move |id: &str| names.get(id).cloned().unwrap_or_default();
    let drawn_ms = now.get_untracked();
    let all = match list {
        Which::ToAcknowledge => concerns_shown(
            concerns,
            kept,
            move |c| on_my_wards(c) && (!c.is_acknowledged() || raised_ms(c) > drawn_ms - DAY_MS),
            name_of,
        ),
        Which::Waiting => {
            concerns_shown(concerns, kept, move |c| on_my_wards(c) && !c.is_acknowledged(), name_of)
        }
        _ => concerns_shown(concerns, kept, move |c| c.author_id == staff_id, name_of),
    };
    // Those this reader answers: not those raised on a ward they left behind.
    let waiting = move || {
        all.with(|all| {
            all.iter().filter(|c| c.raised_on.is_none() && c.waiting_minutes(now.get()).is_some()).count()
        })
    };
    let overdue =
        move || all.with(|all| all.iter().filter(|c| c.is_overdue(now.get(), escalate_after_min)).count());
    let settings = CardSettings {
        show_patient: true,
        can_acknowledge: list == Which::ToAcknowledge,
        escalate_after_min,
    };
    let (title, empty, alert): (&str, &str, Box<dyn Fn() -> Option<String> + Send + Sync>) = match list {
        Which::ToAcknowledge => (
            "Concerns on your wards",
            "No concerns are waiting for you.",
            Box::new(move || {
                let n = waiting();
                (n > 0)
                    .then(|| format!("{} waiting for you to acknowledge.", count(n, "concern", "concerns")))
            }),
        ),
        Which::Waiting => (
            "Concerns waiting for the nurse in charge",
            "No concerns are waiting on your wards.",
            Box::new(move || {
                let n = overdue();
                (n > 0).then(|| {
                    format!(
                        "{} not acknowledged after {escalate_after_min} minutes. Check the ward has seen {}.",
                        count(n, "concern", "concerns"),
                        if n == 1 { "it" } else { "them" }
                    )
                })
            }),
        ),
        _ => ("Your concerns", "You have not raised a concern this week.", Box::new(|| None)),
    };
    view! {
        <section class="concerns" aria-labelledby="home-concerns-title">
            <h2 id="home-concerns-title">{title}</h2>
            <div role="alert">
                {move || alert().map(|text| view! { <p class="concern-alert">{text}</p> })}
            </div>
            <ConcernList all now_ms=now settings empty />
        </section>
    }
    .into_any()
}
