//! One ward on the dashboard: the day in figures, then who is on shift,
//! the groups, and the concerns waiting for the nurse in charge.

use crate::domain::reports::{GroupToday, OnShift, WaitingConcern, WardToday};
use crate::domain::uk_time;
use chrono::{DateTime, Utc};
use leptos::prelude::*;

#[component]
pub fn WardCard(ward: WardToday, as_of: DateTime<Utc>, escalate_after_min: u32) -> impl IntoView {
    let heading = format!("dash-{}", ward.ward_id);
    let labelled_by = heading.clone();
    let attended = ward.group_attendances();
    let waiting = ward.waiting.len();
    view! {
        <section class="ward dash-ward" aria-labelledby=labelled_by data-ward=ward.ward_id.clone()>
            <h2 id=heading class="ward__title">
                {ward.ward_name}
                <span class="ward__site">{ward.site_name}</span>
            </h2>
            <dl class="dash-figures">
                <Figure label="On shift now" value=ward.on_shift.len() />
                <Figure label="Contacts today" value=ward.contacts as usize />
                <Figure label="People seen" value=ward.people_seen as usize />
                <Figure label="Groups" value=ward.groups.len() />
                <Figure label="At groups" value=attended as usize />
                <Figure label="Concerns waiting" value=waiting />
            </dl>
            <h3>"On shift"</h3>
            <OnShiftList people=ward.on_shift />
            <h3>"Groups today"</h3>
            <GroupList groups=ward.groups />
            <h3>"Waiting for the nurse in charge"</h3>
            <WaitingList concerns=ward.waiting as_of escalate_after_min />
        </section>
    }
}

#[component]
fn Figure(label: &'static str, value: usize) -> impl IntoView {
    let alert = label == "Concerns waiting" && value > 0;
    view! {
        <div class="dash-figure" class:dash-figure--alert=alert>
            <dt>{label}</dt>
            <dd>{value}</dd>
        </div>
    }
}

#[component]
fn OnShiftList(people: Vec<OnShift>) -> impl IntoView {
    if people.is_empty() {
        return view! { <p>"Nobody has checked in."</p> }.into_any();
    }
    view! {
        <ul class="dash-list">
            {people
                .into_iter()
                .map(|p| view! { <li>{p.name} " since " {uk_time::clock(p.since)}</li> })
                .collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn GroupList(groups: Vec<GroupToday>) -> impl IntoView {
    if groups.is_empty() {
        return view! { <p>"No groups yet today."</p> }.into_any();
    }
    view! {
        <ul class="dash-list">
            {groups
                .into_iter()
                .map(|g| {
                    let came = match g.came {
                        1 => "1 person came".to_owned(),
                        n => format!("{n} people came"),
                    };
                    view! {
                        <li>
                            {uk_time::clock(g.started_at)} " " <strong>{g.title}</strong> ", run by "
                            {g.run_by.join(", ")} ": " {came}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn WaitingList(
    concerns: Vec<WaitingConcern>,
    as_of: DateTime<Utc>,
    escalate_after_min: u32,
) -> impl IntoView {
    if concerns.is_empty() {
        return view! { <p>"No concerns waiting."</p> }.into_any();
    }
    view! {
        <ul class="dash-list">
            {concerns
                .into_iter()
                .map(|c| {
                    let waited = c.waited_min(as_of);
                    let late = waited >= i64::from(escalate_after_min);
                    view! {
                        <li class:dash-late=late>
                            <strong>{c.category.label()}</strong> ": waiting " {minutes(waited)}
                            {late.then(|| view! { <span class="tag tag--refused">"Past " {escalate_after_min} " minutes"</span> })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

fn minutes(n: i64) -> String {
    match n {
        0 => "less than a minute".into(),
        1 => "1 minute".into(),
        n => format!("{n} minutes"),
    }
}
