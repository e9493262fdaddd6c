//! `/reports/returns`: a PSW's own weekly return, or a manager's list of their
//! sites' returns; `/reports/returns/{staff_id}`: one PSW's return, for a manager.

use super::my_return::MyReturnView;
use super::return_figures::ReturnFigures;
use super::returns_list::ReturnsListView;
use super::week_nav::{PrintButton, WeekNav};
use super::{get_returns_view, get_staff_return, HandInReturn, ReturnsView};
use crate::features::account::StaffHeader;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn failed(e: ServerFnError) -> AnyView {
    let text = match e {
        ServerFnError::ServerError(message) => message,
        _ => "The return could not be loaded. Check the connection and try again.".to_owned(),
    };
    view! { <p class="lede" role="alert">{text}</p> }.into_any()
}

#[component]
pub fn ReturnsPage() -> impl IntoView {
    let query = use_query_map();
    let hand_in = ServerAction::<HandInReturn>::new();
    let view_of = Resource::new_blocking(
        move || (query.with(|q| q.get("week").unwrap_or_default()), hand_in.version().get()),
        |(week, _)| get_returns_view(week),
    );
    view! {
        <Title text="Weekly return" />
        <StaffHeader />
        <main id="main" class="page report">
            <p class="no-print"><a class="back-link" href="/">"Back to the caseload"</a></p>
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || view_of.get().map(|result| match result {
                    Ok(ReturnsView::Mine { week, mine }) => {
                        view! { <MyReturnView week mine hand_in /> }.into_any()
                    }
                    Ok(ReturnsView::Collect(list)) => view! { <ReturnsListView list /> }.into_any(),
                    Err(e) => failed(e),
                })}
            </Transition>
        </main>
    }
}

#[component]
pub fn StaffReturnPage(staff_id: String) -> impl IntoView {
    let query = use_query_map();
    let staff_id = StoredValue::new(staff_id);
    let staff_id = move || staff_id.get_value();
    let data = Resource::new_blocking(
        move || (staff_id(), query.with(|q| q.get("week").unwrap_or_default())),
        |(id, week)| get_staff_return(id, week),
    );
    view! {
        <Title text="Weekly return" />
        <StaffHeader />
        <main id="main" class="page report">
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|result| match result {
                    Ok((week, mine)) => {
                        let back = format!("/reports/returns?week={}", week.key());
                        let base = format!("/reports/returns/{}?", staff_id());
                        let latest = mine.submitted.last().cloned();
                        view! {
                            <p class="no-print"><a class="back-link" href=back>"Back to the week's returns"</a></p>
                            <h1>{format!("{}'s weekly return", mine.name)}</h1>
                            <p class="lede">{week.label()}</p>
                            <WeekNav week base has_next=mine.has_next />
                            <PrintButton what=format!("{}'s weekly return, week {}", mine.name, week.key()) />
                            {match latest {
                                Some(r) => view! {
                                    <p class="report__status" role="status">{format!("Handed in: version {}.", r.version)}</p>
                                    <ReturnFigures figures=r.figures />
                                    {(!r.notes.is_empty()).then(|| view! {
                                        <h3 class="report__heading">"Notes"</h3>
                                        <p class="report__notes">{r.notes.clone()}</p>
                                    })}
                                    {(!r.reason.is_empty()).then(|| view! {
                                        <h3 class="report__heading">"Reason for the latest amendment"</h3>
                                        <p class="report__notes">{r.reason.clone()}</p>
                                    })}
                                }.into_any(),
                                None => view! {
                                    <p class="report__status" role="status">"Not handed in yet. Their records so far add up to:"</p>
                                    <ReturnFigures figures=mine.live />
                                }.into_any(),
                            }}
                        }
                        .into_any()
                    }
                    Err(e) => failed(e),
                })}
            </Transition>
        </main>
    }
}
