//! A PSW's weekly return: what their records add up to, the rest of the
//! week to log, and handing it in; once handed in it is frozen, and a
//! change is an amendment with a reason.

use super::return_figures::ReturnFigures;
use super::week_nav::{PrintButton, WeekNav};
use super::work_log_form::WorkLogForm;
use super::HandInReturn;
use crate::domain::reports::{MyReturn, SubmittedReturn, Week};
use leptos::prelude::*;

fn on_day(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms).map(crate::domain::uk_time::friendly).unwrap_or_default()
}

#[component]
pub fn MyReturnView(week: Week, mine: MyReturn, hand_in: ServerAction<HandInReturn>) -> impl IntoView {
    let latest = mine.submitted.last().cloned();
    let wards = mine.log_wards.clone();
    let status = match &latest {
        None => "Not submitted yet.".to_owned(),
        Some(r) if r.version == 1 => format!("Submitted {}.", on_day(r.submitted_ms)),
        Some(r) => format!("Amended {} (version {}).", on_day(r.submitted_ms), r.version),
    };
    let body = match latest {
        None => view! {
            <section class="card" aria-labelledby="figures-title">
                <h2 id="figures-title">"What your records add up to"</h2>
                <p class="hint">"From your shifts, contacts, groups, concerns and logs. Nothing to type twice."</p>
                <ReturnFigures figures=mine.live.clone() />
                <WorkLogForm week wards />
            </section>
            <HandInForm week hand_in amend=None />
        }
        .into_any(),
        Some(handed) => view! {
            <section class="card" aria-labelledby="figures-title">
                <h2 id="figures-title">{format!("As handed in (version {})", handed.version)}</h2>
                <ReturnFigures figures=handed.figures.clone() />
                {(!handed.notes.is_empty()).then(|| view! {
                    <h3 class="report__heading">"Notes"</h3>
                    <p class="report__notes">{handed.notes.clone()}</p>
                })}
            </section>
            <Versions all=mine.submitted.clone() />
            <WorkLogForm week wards />
            <HandInForm week hand_in amend=Some(handed) />
        }
        .into_any(),
    };
    view! {
        <h1>"Your weekly return"</h1>
        <p class="lede">{week.label()}</p>
        <WeekNav week base="/reports/returns?".into() has_next=mine.has_next />
        <p class="report__status" role="status">{status}</p>
        <PrintButton what=format!("weekly return, week {}", week.key()) />
        {body}
    }
}

/// Every version handed in, with the reason for each amendment.
#[component]
fn Versions(all: Vec<SubmittedReturn>) -> impl IntoView {
    (all.len() > 1).then(|| {
        view! {
            <section class="card" aria-labelledby="versions-title">
                <h2 id="versions-title">"Versions"</h2>
                <ol class="versions">
                    {all.into_iter().map(|r| {
                        let what = if r.version == 1 {
                            format!("Submitted {}", on_day(r.submitted_ms))
                        } else {
                            format!("Amended {}: {}", on_day(r.submitted_ms), r.reason)
                        };
                        view! { <li>{what}</li> }
                    }).collect_view()}
                </ol>
            </section>
        }
    })
}

/// "Submit return", or, once submitted, "Amend return" with its reason.
#[component]
fn HandInForm(
    week: Week,
    hand_in: ServerAction<HandInReturn>,
    amend: Option<SubmittedReturn>,
) -> impl IntoView {
    let answer = move || {
        hand_in.value().get().map(|result| match result {
            Ok(text) => view! { <p class="saved-message" role="status">{text}</p> }.into_any(),
            Err(ServerFnError::ServerError(message)) => {
                view! { <p class="error-message" role="alert">{message}</p> }.into_any()
            }
            Err(_) => view! {
                <p class="error-message" role="alert">"Handing in needs the server. Try again when you are online; nothing was lost."</p>
            }
            .into_any(),
        })
    };
    let (title, button, notes) = match &amend {
        None => ("Hand in your return", "Submit return", String::new()),
        Some(r) => ("Amend your return", "Amend return", r.notes.clone()),
    };
    let reason = amend.is_some().then(|| {
        view! {
            <div class="form-group">
                <label class="label" for="return-reason">"Why are you amending it?"</label>
                <p class="hint" id="return-reason-hint">"The figures are taken again from your records as they are now."</p>
                <textarea class="textarea" id="return-reason" name="reason" rows="2" aria-describedby="return-reason-hint"></textarea>
            </div>
        }
    });
    view! {
        <section class="card no-print" aria-labelledby="hand-in-title">
            <h2 id="hand-in-title">{title}</h2>
            {amend.is_none().then(|| view! {
                <p class="hint">"Once submitted your return is frozen. A later change is an amendment, with the reason."</p>
            })}
            <ActionForm action=hand_in attr:class="form">
                <input type="hidden" name="week" value=week.key() />
                {amend.is_none().then(|| view! { <input type="hidden" name="reason" value="" /> })}
                {reason}
                <div class="form-group">
                    <label class="label" for="return-notes">"Notes (optional)"</label>
                    <textarea class="textarea" id="return-notes" name="notes" rows="3">{notes}</textarea>
                </div>
                {answer}
                <button class="button" type="submit">{button}</button>
            </ActionForm>
        </section>
    }
}
