//! "Your shift": check in, see where your report has got to, be asked to
//! check out before the shift closes by itself, and check out.

use super::shift_forms::{CheckInForm, CheckOutForm};
use super::{clock, friendly, shifts_shown};
use crate::domain::shift_home::{my_shift, MyShift, ShiftHome, ShiftView, SHOWN_FOR_MS};
use crate::domain::timeline::RecordState;
use crate::features::concerns::ticking_now;
use crate::features::patient::StateTag;
use crate::sync::Kept;
use leptos::prelude::*;

/// What the card is about. The forms are drawn again only when this
/// changes, so what is typed survives the clock ticking.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Phase {
    Off,
    On(String),
    Overdue,
}

#[component]
pub fn ShiftCard(
    home: ShiftHome,
    staff_id: String,
    /// The wards they may check in to: id and name.
    wards: Vec<(String, String)>,
    kept: ReadSignal<Vec<Kept>>,
) -> impl IntoView {
    let now = ticking_now();
    let drawn_ms = now.get_untracked();
    let me = staff_id.clone();
    let all = shifts_shown(
        home.shifts,
        kept,
        move |s| s.author_id == me && s.started_ms > drawn_ms - SHOWN_FOR_MS,
        wards.clone(),
    );
    let close_hour = home.close_hour;
    let mine = Memo::new(move |_| all.with(|all| my_shift(all, &staff_id, now.get(), close_hour)));
    let phase = Memo::new(move |_| {
        mine.with(|m| match m {
            MyShift::Off { .. } => Phase::Off,
            MyShift::On { shift, .. } => Phase::On(shift.id.clone()),
            MyShift::Overdue { .. } => Phase::Overdue,
        })
    });
    let prompted = Signal::derive(move || mine.with(|m| matches!(m, MyShift::On { prompt: true, .. })));
    let last_ended = Memo::new(move |_| {
        all.with(|all| all.iter().filter(|s| s.end.is_some()).max_by_key(|s| s.started_ms).cloned())
    });
    view! {
        <section class="card shift" aria-labelledby="shift-title">
            <h2 id="shift-title">"Your shift"</h2>
            <div role="status">{move || mine.with(status)}</div>
            {move || match phase.get() {
                Phase::Off => view! {
                    <LastShift last_ended />
                    <RefusedCheckIns all />
                    <CheckInForm wards=wards.clone() />
                }
                .into_any(),
                Phase::On(shift_id) => view! {
                    <CheckInReport mine />
                    <CheckOutForm shift_id open=prompted />
                }
                .into_any(),
                Phase::Overdue => view! {
                    <h3 class="shift__next">"Start a new shift"</h3>
                    <CheckInForm wards=wards.clone() />
                }
                .into_any(),
            }}
        </section>
    }
}

/// The sentence at the top of the card, read out when it changes.
fn status(mine: &MyShift) -> AnyView {
    match mine {
        MyShift::Off { closed_for_you: Some(shift) } => {
            let end = shift.end.as_ref().map_or(0, |e| e.ended_ms);
            view! {
                <p class="concern-alert">
                    {format!(
                        "Your shift on {} from {} was closed automatically at {}, because nobody checked out. Tell your nurse in charge when you really finished.",
                        shift.ward_name, clock(shift.started_ms), friendly(end)
                    )}
                </p>
                <p>"You are not checked in."</p>
            }
            .into_any()
        }
        MyShift::Off { closed_for_you: None } => view! { <p>"You are not checked in."</p> }.into_any(),
        MyShift::On { shift, closes_ms, prompt } => {
            let on = format!("On shift on {} since {}.", shift.ward_name, clock(shift.started_ms));
            let ask = prompt.then(|| {
                view! {
                    <p class="concern-alert">
                        {format!(
                            "Your shift closes by itself at {}. Check out now, so the nurse in charge gets your report.",
                            clock(*closes_ms)
                        )}
                    </p>
                }
            });
            view! { <p class="shift__now">{on}</p> {ask} }.into_any()
        }
        MyShift::Overdue { shift, closed_ms } => view! {
            <p class="concern-alert">
                {format!(
                    "Your shift on {} from {} was closed automatically at {}, because nobody checked out by then. Checking out now would not be recorded: tell your nurse in charge when you really finished.",
                    shift.ward_name, clock(shift.started_ms), friendly(*closed_ms)
                )}
            </p>
        }
        .into_any(),
    }
}

/// Where the check-in report has got to: on the phone, waiting, or read.
#[component]
fn CheckInReport(mine: Memo<MyShift>) -> impl IntoView {
    let shift = move || match mine.get() {
        MyShift::On { shift, .. } => Some(shift),
        _ => None,
    };
    let op_id = shift().map(|s| s.op_id).unwrap_or_default();
    let state = Signal::derive(move || shift().map_or(RecordState::Saved, |s| s.state));
    view! {
        <Show when=move || state.get() != RecordState::Saved>
            <StateTag state op_id=op_id.clone() />
        </Show>
        <p class="timeline__meta">{move || shift().map(|s| receipt_line(&s, "plan"))}</p>
    }
}

fn receipt_line(shift: &ShiftView, what: &str) -> String {
    match &shift.receipt {
        Some(r) => format!("The nurse in charge ({}) read your {what} at {}.", r.by, clock(r.at_ms)),
        None => format!("Your {what} is waiting for the nurse in charge to read it."),
    }
}

/// The shift just finished: when, and where its check-out report is (a
/// refused check-out says why).
#[component]
fn LastShift(last_ended: Memo<Option<ShiftView>>) -> impl IntoView {
    move || {
        last_ended.get().and_then(|shift| {
            let end = shift.end.clone()?;
            if end.closed_automatically {
                return None;
            }
            let state = end.state.clone();
            let tag = (state != RecordState::Saved).then(
                || view! { <StateTag state=Signal::derive(move || state.clone()) op_id=end.op_id.clone() /> },
            );
            let read = match &end.receipt {
                Some(r) => format!("{} read your report at {}.", r.by, clock(r.at_ms)),
                None => "Your report is waiting for the nurse in charge.".to_owned(),
            };
            Some(view! {
                <p class="timeline__meta">
                    {format!(
                        "Last shift: {}, {} to {}. {read}",
                        shift.ward_name, clock(shift.started_ms), clock(end.ended_ms)
                    )}
                </p>
                {tag}
            })
        })
    }
}

/// Check-ins the server refused, each with its reason and a way to clear it.
#[component]
fn RefusedCheckIns(all: Memo<Vec<ShiftView>>) -> impl IntoView {
    let refused = move || {
        all.with(|all| {
            all.iter().filter(|s| matches!(s.state, RecordState::Refused(_))).cloned().collect::<Vec<_>>()
        })
    };
    move || {
        refused()
            .into_iter()
            .map(|shift| {
                let state = shift.state.clone();
                view! {
                    <p class="timeline__meta">{format!("Check-in to {} at {}", shift.ward_name, clock(shift.started_ms))}</p>
                    <StateTag state=Signal::derive(move || state.clone()) op_id=shift.op_id.clone() />
                }
            })
            .collect_view()
    }
}
