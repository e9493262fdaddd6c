//! `/reports/attendance`: a ward's weekly attendance record. For each day, who was
//! seen one to one and by whom, the groups and who came; then each PSW's
//! totals. From what was recorded; downloadable and printable.

use super::get_attendance;
use super::week_nav::{PrintButton, WeekNav};
use crate::domain::reports::{AttendanceDay, AttendancePage as Page};
use crate::features::account::StaffHeader;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AttendancePage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new_blocking(
        move || query.with(|q| (q.get("ward").unwrap_or_default(), q.get("week").unwrap_or_default())),
        |(ward, week)| get_attendance(ward, week),
    );
    view! {
        <Title text="Ward attendance" />
        <StaffHeader />
        <main id="main" class="page report">
            <p class="no-print"><a class="back-link" href="/">"Back to the caseload"</a></p>
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|result| match result {
                    Ok(page) => view! { <Record page /> }.into_any(),
                    Err(ServerFnError::ServerError(message)) => view! { <p class="lede" role="alert">{message}</p> }.into_any(),
                    Err(_) => view! { <p role="alert">"The record could not be loaded. Check the connection and try again."</p> }.into_any(),
                })}
            </Transition>
        </main>
    }
}

#[component]
fn Record(page: Page) -> impl IntoView {
    let record = page.record;
    let week = record.week;
    let ward_id = record.ward_id.clone();
    let csv = format!("/exports/attendance.csv?ward={ward_id}&week={}", week.key());
    let choose = (page.wards.len() > 1).then(|| {
        let current = ward_id.clone();
        view! {
            <form class="form ward-choice no-print" method="get" action="/reports/attendance">
                <div class="form-group">
                    <label class="label" for="attendance-ward">"Ward"</label>
                    <select class="input" id="attendance-ward" name="ward">
                        {page.wards.iter().map(|(id, name)| view! {
                            <option value=id.clone() selected=*id == current>{name.clone()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <input type="hidden" name="week" value=week.key() />
                <button class="button button--secondary" type="submit">"Show"</button>
            </form>
        }
    });
    let totals = (record.contacts(), record.people_seen, record.groups(), record.group_attendances());
    view! {
        <h1>{format!("{} attendance", page.ward_name)}</h1>
        <p class="lede">{format!("{}, {}", page.site_name, week.label())}</p>
        {choose}
        <WeekNav week base=format!("/reports/attendance?ward={ward_id}&") has_next=page.has_next />
        <p class="report__status">{format!(
            "{} contacts with {} people; {} groups, {} attendances.", totals.0, totals.1, totals.2, totals.3
        )}</p>
        <p class="no-print"><a href=csv download>"Download as CSV"</a></p>
        <PrintButton what=format!("ward attendance, {}, week {}", page.ward_name, week.key()) />
        {record.days.into_iter().map(|day| view! { <Day day /> }).collect_view()}
        <h2>"By peer support worker"</h2>
        <table class="report-table">
            <caption class="visually-hidden">"Each peer support worker's week on this ward"</caption>
            <thead><tr>
                <th scope="col">"Name"</th><th scope="col" class="num">"Contacts"</th>
                <th scope="col" class="num">"People"</th><th scope="col" class="num">"Groups"</th>
            </tr></thead>
            <tbody>
                {record.by_psw.into_iter().map(|p| view! {
                    <tr><th scope="row">{p.name}</th><td class="num">{p.contacts}</td><td class="num">{p.people}</td><td class="num">{p.groups}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn Day(day: AttendanceDay) -> impl IntoView {
    let heading = crate::domain::instant::long_day(day.date);
    let empty = day.seen.is_empty() && day.groups.is_empty();
    let label = heading.clone();
    view! {
        <section class="attendance-day" aria-label=label>
            <h2 class="attendance-day__title">{heading}</h2>
            {empty.then(|| view! { <p class="hint">"No one to one contacts or groups recorded."</p> })}
            {(!day.seen.is_empty()).then(|| view! {
                <table class="report-table">
                    <caption>"Seen one to one"</caption>
                    <thead><tr><th scope="col">"Person"</th><th scope="col" class="num">"Contacts"</th><th scope="col">"By"</th></tr></thead>
                    <tbody>
                        {day.seen.into_iter().map(|s| view! {
                            <tr><th scope="row">{s.patient_name}</th><td class="num">{s.contacts}</td><td>{s.by.join(", ")}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            {day.groups.into_iter().map(|g| {
                let time = crate::domain::uk_time::clock(g.started_at);
                let came = g.came();
                let others = (g.others > 0).then(|| format!(" and {} not on the caseload", g.others));
                view! {
                    <div class="attendance-group">
                        <h3 class="attendance-group__title">{format!("{time} {}", g.title)}</h3>
                        <p>{format!("Run by {}. {came} came: ", g.run_by.join(", "))}{g.attendees.join(", ")}{others}"."</p>
                    </div>
                }
            }).collect_view()}
        </section>
    }
}
