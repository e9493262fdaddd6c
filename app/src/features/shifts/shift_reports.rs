//! The nurse in charge's shift reports: each PSW's plan at check-in and
//! what happened at check-out, on their wards over the last day, each
//! marked received once read.

use super::{clock, friendly, shifts_shown};
use crate::domain::shift_home::{reports_waiting, Receipt, Report, ShiftHome, ShiftView, SHOWN_FOR_MS};
use crate::domain::timeline::RecordState;
use crate::features::patient::StateTag;
use crate::sync::Kept;
use leptos::prelude::*;

#[component]
pub fn ShiftReports(
    home: ShiftHome,
    wards: Vec<(String, String)>,
    kept: ReadSignal<Vec<Kept>>,
) -> impl IntoView {
    let drawn_ms = crate::ui::now_utc().timestamp_millis();
    let on_my_wards = wards.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>();
    let all = shifts_shown(
        home.shifts,
        kept,
        move |s| on_my_wards.contains(&s.ward_id) && s.started_ms > drawn_ms - SHOWN_FOR_MS,
        wards,
    );
    let waiting = move || {
        let n = all.with(|all| reports_waiting(all));
        match n {
            0 => None,
            1 => Some("1 shift report waiting for you to read.".to_owned()),
            n => Some(format!("{n} shift reports waiting for you to read.")),
        }
    };
    view! {
        <section class="shift-reports" aria-labelledby="shift-reports-title">
            <h2 id="shift-reports-title">"Shift reports"</h2>
            <div role="status">{move || waiting().map(|text| view! { <p class="concern-alert">{text}</p> })}</div>
            <Show when=move || all.with(Vec::is_empty)>
                <p>"No one has checked in to your wards today."</p>
            </Show>
            <ul class="shift-report-list">
                {move || all.get().into_iter().map(|shift| view! { <ShiftReport shift /> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn ShiftReport(shift: ShiftView) -> impl IntoView {
    let check_in = format!("Checked in to {} at {}", shift.ward_name, clock(shift.started_ms));
    let check_out = shift.end.as_ref().map(|end| {
        let heading = if end.closed_automatically {
            format!("Closed automatically at {}: nobody checked out.", friendly(end.ended_ms))
        } else {
            format!("Checked out at {}", clock(end.ended_ms))
        };
        view! {
            <h4 class="shift-report__part">{heading}</h4>
            <Said label="What happened" text=end.what_happened.clone() />
            <Said label="For you" text=end.for_nurse.clone() />
            {(!end.closed_automatically).then(|| view! { <Received shift=shift.clone() report=Report::CheckOut /> })}
        }
    });
    view! {
        <li class="shift-report">
            <h3 class="shift-report__who">{shift.author_name.clone()}</h3>
            {(shift.state != RecordState::Saved).then(|| {
                let state = shift.state.clone();
                view! { <StateTag state=Signal::derive(move || state.clone()) op_id=shift.op_id.clone() /> }
            })}
            <h4 class="shift-report__part">{check_in}</h4>
            <Said label="Plan" text=shift.plan.clone() />
            <Said label="For you" text=shift.for_nurse.clone() />
            <Received shift=shift.clone() report=Report::CheckIn />
            {check_out}
        </li>
    }
}

/// One part of a report, left out when empty.
#[component]
fn Said(label: &'static str, text: String) -> impl IntoView {
    (!text.is_empty())
        .then(|| view! { <p class="shift-report__text"><strong>{label} ": "</strong>{text}</p> })
}

/// Who read a report and when, or the button to say you have.
#[component]
fn Received(shift: ShiftView, report: Report) -> impl IntoView {
    let receipt: Option<Receipt> = match report {
        Report::CheckIn => shift.receipt.clone(),
        Report::CheckOut => shift.end.as_ref().and_then(|e| e.receipt.clone()),
    };
    let what = match report {
        Report::CheckIn => "check-in report",
        Report::CheckOut => "check-out report",
    };
    if let Some(r) = receipt {
        let state = r.state.clone();
        let tag = (state != RecordState::Saved).then(
            || view! { <StateTag state=Signal::derive(move || state.clone()) op_id=r.op_id.clone() /> },
        );
        return view! {
            <p class="shift-report__received">{format!("Received by {} at {}", r.by, clock(r.at_ms))}</p>
            {tag}
        }
        .into_any();
    }
    let report_id = shift.report_id(report).unwrap_or_default().to_owned();
    let whose = format!(": {}'s {what}", shift.author_name);
    let (problem, set_problem) = signal(None::<String>);
    let mark = move |_| {
        let payload = serde_json::json!({ "report_id": report_id });
        #[cfg(feature = "hydrate")]
        set_problem
            .set(crate::sync::browser::save("shift_report_received", payload).err().map(|e| e.to_string()));
        #[cfg(not(feature = "hydrate"))]
        let _ = (payload, set_problem);
    };
    view! {
        <p class="error-message" role="alert" hidden=move || problem.with(Option::is_none)>{move || problem.get()}</p>
        <button class="button button--secondary button--small" type="button" on:click=mark>
            "Mark received"
            <span class="visually-hidden">{whose}</span>
        </button>
    }
    .into_any()
}
