//! What a week's records add up to, as a PSW reviews it and a manager
//! reads it: hours by ward, contacts by kind, people seen, groups,
//! concerns, and the rest of the working week.

use crate::domain::reports::{hours_and_minutes, WeeklyReturn};
use leptos::prelude::*;

#[component]
pub fn ReturnFigures(figures: WeeklyReturn) -> impl IntoView {
    let places = figures.places.clone();
    let no_shifts = places.is_empty();
    let auto = figures.closed_automatically;
    view! {
        <h3 class="report__heading">"Hours on shift"</h3>
        {no_shifts.then(|| view! { <p class="hint">"No shifts checked in to this week."</p> })}
        <table class="report-table">
            <caption class="visually-hidden">"Hours on each ward, from check-in to check-out"</caption>
            <thead><tr><th scope="col">"Ward"</th><th scope="col">"Site"</th><th scope="col" class="num">"Hours"</th></tr></thead>
            <tbody>
                {places.into_iter().map(|p| view! {
                    <tr><td>{p.ward_name}</td><td>{p.site_name}</td><td class="num">{hours_and_minutes(p.minutes)}</td></tr>
                }).collect_view()}
                <tr class="report-table__total">
                    <th scope="row" colspan="2">"All wards"</th>
                    <td class="num">{hours_and_minutes(figures.shift_minutes)}</td>
                </tr>
            </tbody>
        </table>
        {(auto > 0).then(|| view! {
            <p class="hint">{format!(
                "{auto} {} closed automatically because nobody checked out: the hours run to the closing time.",
                if auto == 1 { "shift was" } else { "shifts were" }
            )}</p>
        })}
        <h3 class="report__heading">"Contacts and groups"</h3>
        <table class="report-table">
            <caption class="visually-hidden">"Contacts by kind, people seen, groups and concerns"</caption>
            <tbody>
                {figures.contacts.iter().filter(|(_, n)| *n > 0).map(|(kind, n)| view! {
                    <tr><th scope="row">{kind.label()}</th><td class="num">{*n}</td></tr>
                }).collect_view()}
                <tr class="report-table__total"><th scope="row">"All contacts"</th><td class="num">{figures.contacts_total}</td></tr>
                <tr><th scope="row">"Different people seen one to one"</th><td class="num">{figures.people_seen}</td></tr>
                <tr><th scope="row">"Groups run"</th><td class="num">{figures.groups_run}</td></tr>
                <tr><th scope="row">"Concerns raised"</th><td class="num">{figures.concerns_raised}</td></tr>
            </tbody>
        </table>
        <h3 class="report__heading">"Supervision, training, meetings and travel"</h3>
        <table class="report-table">
            <caption class="visually-hidden">"The rest of the working week: how often and how long"</caption>
            <thead><tr><th scope="col">"What"</th><th scope="col" class="num">"Times"</th><th scope="col" class="num">"Time"</th></tr></thead>
            <tbody>
                {figures.work.iter().map(|w| view! {
                    <tr>
                        <th scope="row">{w.kind.label()}</th>
                        <td class="num">{w.times}</td>
                        <td class="num">{hours_and_minutes(i64::from(w.minutes))}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}
