//! One concern: what it is about, what happened, and above all where it
//! is. While it has not reached the server the card says, unmissably, to
//! tell the nurse in charge in person: the app never lets a concern look
//! escalated when it has not been.

use crate::domain::concern::{waiting_label, AckView, ConcernView};
use crate::domain::timeline::RecordState;
use crate::domain::uk_time;
use crate::features::patient::StateTag;
use leptos::prelude::*;

fn friendly(rfc3339: &str) -> String {
    crate::domain::instant::parse_rfc3339(rfc3339).map(uk_time::friendly).unwrap_or_default()
}

/// How a card draws a concern: who is looking, and when the manager is told.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CardSettings {
    pub show_patient: bool,
    pub can_acknowledge: bool,
    pub escalate_after_min: u32,
}

#[component]
pub fn ConcernCard(
    first: ConcernView,
    current: Memo<Option<ConcernView>>,
    now_ms: ReadSignal<i64>,
    settings: CardSettings,
) -> impl IntoView {
    let heading_id = format!("concern-{}", first.id);
    let labelled_by = heading_id.clone();
    let patient = settings.show_patient.then(|| {
        view! { " · " <a href=format!("/patients/{}", first.patient_id)>{first.patient_name.clone()}</a> }
    });
    let state = move || current.with(|c| c.as_ref().map_or(RecordState::Saved, |c| c.state.clone()));
    let acknowledged = move || current.with(|c| c.as_ref().is_some_and(ConcernView::is_acknowledged));
    let told = if first.told.is_empty() { "Nobody yet".to_owned() } else { first.told.clone() };
    let concern_id = first.id.clone();
    // Raised on a ward that is not the reader's (the patient moved since),
    // said while it waits for that ward's nurse.
    let elsewhere = first.raised_on.clone().map(|ward| view! {
        <Show when=move || !acknowledged()>
            <p class="concern__elsewhere">
                {format!("Raised on {ward}, before the move to this ward. {ward}'s nurse in charge acknowledges it.")}
            </p>
        </Show>
    });
    let can_acknowledge = settings.can_acknowledge && first.raised_on.is_none();
    view! {
        <li class="concern">
            <article aria-labelledby=labelled_by>
                <h3 class="concern__title" id=heading_id>{first.category_label().to_owned()} {patient}</h3>
                <p class="timeline__meta">{format!("Raised by {}, {}", first.author_name, friendly(&first.raised_at))}</p>
                {elsewhere}
                <ConcernStatus current now_ms escalate_after_min=settings.escalate_after_min />
                <Show when=move || state() != RecordState::Saved>
                    <StateTag state=Signal::derive(state) op_id=first.op_id.clone() />
                </Show>
                <dl class="concern__details">
                    <dt>"What was seen or said"</dt>
                    <dd class="timeline__note">{first.what_happened.clone()}</dd>
                    <dt>"What was done straight away"</dt>
                    <dd class="timeline__note">{first.done_now.clone()}</dd>
                    <dt>"Told in person"</dt>
                    <dd>{told}</dd>
                </dl>
                {can_acknowledge.then(|| view! {
                    <Show when=move || !acknowledged() && state() == RecordState::Saved>
                        <super::acknowledge::AcknowledgeForm concern_id=concern_id.clone() />
                    </Show>
                })}
            </article>
        </li>
    }
    .into_any()
}

/// Where the concern is, in words nobody can misread.
#[component]
fn ConcernStatus(
    current: Memo<Option<ConcernView>>,
    now_ms: ReadSignal<i64>,
    escalate_after_min: u32,
) -> impl IntoView {
    move || {
        let Some(concern) = current.get() else { return ().into_any() };
        if concern.is_acknowledged() {
            return view! {
                <ul class="concern__acks">
                    {concern.acks.into_iter().map(|ack| view! { <AckLine ack /> }).collect_view()}
                </ul>
            }
            .into_any();
        }
        match concern.state {
            RecordState::Unsent | RecordState::Saving => view! {
                <div class="concern__status concern__status--urgent" role="alert">
                    <p><strong>"Not sent yet. Tell the nurse in charge in person now."</strong></p>
                    <p>"This phone has not reached the server, so nobody has been told through Alongside. It sends the concern as soon as it can."</p>
                </div>
            }
            .into_any(),
            RecordState::Refused(_) => view! {
                <div class="concern__status concern__status--urgent" role="alert">
                    <p><strong>"Not sent. Tell the nurse in charge in person now."</strong></p>
                    <p>"The server refused this concern; the reason is below."</p>
                </div>
            }
            .into_any(),
            RecordState::Saved => {
                let now = now_ms.get();
                let waiting = concern.waiting_minutes(now).map(waiting_label).unwrap_or_default();
                let overdue = concern.is_overdue(now, escalate_after_min);
                view! {
                    <div class="concern__status" class:concern__status--overdue=overdue>
                        <p><strong>"Sent to the nurse in charge, not yet acknowledged."</strong> {format!(" {waiting}.")}</p>
                        {overdue.then(|| view! {
                            <p>{format!("Flagged to the ward's manager: nobody has acknowledged it in {escalate_after_min} minutes.")}</p>
                        })}
                    </div>
                }
                .into_any()
            }
        }
    }
}

/// When the server received an acknowledgement, where that is another
/// minute than its phone said (it was made offline, or the phone's clock
/// is off): both times stand side by side.
fn received_later(ack: &AckView) -> Option<String> {
    let received = friendly(ack.received_at.as_deref()?);
    (received != friendly(&ack.at)).then(|| format!("Reached the server {received}"))
}

#[component]
fn AckLine(ack: AckView) -> impl IntoView {
    let on_phone = (ack.state != RecordState::Saved).then(|| {
        let state = ack.state.clone();
        view! { <StateTag state=Signal::derive(move || state.clone()) op_id=ack.op_id.clone() /> }
    });
    view! {
        <li class="concern__status concern__status--done">
            <p><strong>{format!("Acknowledged by {}, {}", ack.author_name, friendly(&ack.at))}</strong></p>
            {received_later(&ack).map(|received| view! { <p class="timeline__meta">{received}</p> })}
            {(!ack.response.is_empty()).then(|| view! { <p class="timeline__note">{ack.response}</p> })}
            {on_phone}
        </li>
    }
}
