//! A manager's week: who on their sites has handed in their return and
//! who has not, each to read, and the week's returns to download.

use super::week_nav::{PrintButton, WeekNav};
use crate::domain::reports::ReturnsList;
use leptos::prelude::*;

fn on_day(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms).map(crate::domain::uk_time::friendly).unwrap_or_default()
}

#[component]
pub fn ReturnsListView(list: ReturnsList) -> impl IntoView {
    let week = list.week;
    let (done, all) = (list.submitted(), list.rows.len());
    let downloads = list
        .sites
        .iter()
        .map(|(id, name)| {
            let href = format!("/exports/returns.csv?week={}&site={id}", week.key());
            view! { <li><a href=href download>{format!("Download {name}'s returns (CSV)")}</a></li> }
        })
        .collect_view();
    view! {
        <h1>"Weekly returns"</h1>
        <p class="lede">{week.label()}</p>
        <WeekNav week base="/reports/returns?".into() has_next=list.has_next />
        <p class="report__status" role="status">{format!("{done} of {all} handed in.")}</p>
        <ul class="downloads no-print">{downloads}</ul>
        <PrintButton what=format!("weekly returns list, week {}", week.key()) />
        <table class="report-table">
            <caption class="visually-hidden">"Peer support workers on your sites and their returns"</caption>
            <thead><tr><th scope="col">"Name"</th><th scope="col">"Sites"</th><th scope="col">"Return"</th></tr></thead>
            <tbody>
                {list.rows.into_iter().map(|row| {
                    let href = format!("/reports/returns/{}?week={}", row.staff_id, week.key());
                    let state = match row.latest {
                        None => view! { <strong class="tag tag--unsent">"Not handed in"</strong> }.into_any(),
                        Some((1, at)) => view! { <span>{format!("Submitted {}", on_day(at))}</span> }.into_any(),
                        Some((v, at)) => view! { <span>{format!("Amended {} (version {v})", on_day(at))}</span> }.into_any(),
                    };
                    view! {
                        <tr>
                            <td><a href=href>{row.name}</a></td>
                            <td>{row.sites}</td>
                            <td>{state}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
