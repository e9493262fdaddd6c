//! `/patients/:id`: one person's page, or a plain reason why not.

use super::get_patient;
use crate::domain::caseload::friendly_date;
use crate::domain::patient::PatientRecord;
use crate::features::account::StaffHeader;
use crate::features::concerns::{concerns_shown, CardSettings, RaiseConcern};
use crate::features::follow_ups::PatientFollowUps;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn PatientPage() -> impl IntoView {
    let params = use_params_map();
    let record =
        Resource::new_blocking(move || params.with(|p| p.get("id").unwrap_or_default()), get_patient);

    view! {
        <StaffHeader />
        <main id="main" class="page">
            <p><a class="back-link" href="/">"Back to today's caseload"</a></p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || {
                    record.get().map(|result| match result {
                        Ok(record) => view! { <PatientSummary record /> }.into_any(),
                        Err(ServerFnError::ServerError(message)) => view! { <CannotShow message /> }.into_any(),
                        Err(_) => {
                            // Offline, a tap from the caseload cannot fetch the
                            // record; the page the phone keeps can be opened.
                            #[cfg(feature = "hydrate")]
                            crate::ui::reload_if_offline();
                            view! { <CannotShow message=NO_CONNECTION.to_owned() /> }.into_any()
                        }
                    })
                }}
            </Suspense>
        </main>
    }
}

const NO_CONNECTION: &str = "The record could not be loaded. Check your connection and try again.";

#[component]
fn CannotShow(message: String) -> impl IntoView {
    view! {
        <Title text="Record not available" />
        <h1>"Record not available"</h1>
        <p class="lede" role="alert">{message}</p>
        <p>"If you think you should see this record, ask the nurse in charge or your manager."</p>
    }
}

#[component]
fn PatientSummary(record: PatientRecord) -> impl IntoView {
    let audit_link = record.can_view_audit_trail.then(|| {
        view! { <p><a href=format!("/patients/{}/audit", record.id)>"Who has looked at this record"</a></p> }
    });
    let first_name = record.preferred_name.clone();
    let kept = super::kept_on_this_phone();
    let moved = RwSignal::new(false);
    let raise_from = RwSignal::new(None::<String>);
    let patient_id = record.id.clone();
    let timeline = record.timeline.clone();
    let group_lines = record.group_lines.clone();
    let resources = record.resources.clone();
    let usual_place = record.usual_place.clone();
    let concerns = record.concerns.clone();
    let follow_ups = record.follow_ups.clone();
    let plan = record.plan.clone();
    let escalate_after_min = record.escalate_after_min;
    let card =
        CardSettings { show_patient: false, can_acknowledge: record.can_acknowledge, escalate_after_min };
    let (about, name) = (record.id.clone(), record.preferred_name.clone());
    let concern_list = concerns_shown(concerns, kept, move |c| c.patient_id == about, move |_| name.clone());
    view! {
        <Title text=record.preferred_name.clone() />
        <h1>{record.preferred_name}</h1>
        <dl class="summary-list">
            <div class="summary-list__row">
                <dt>"Ward"</dt>
                <dd>{record.ward_name} ", " {record.site_name}</dd>
            </div>
            <div class="summary-list__row">
                <dt>"Bed"</dt>
                <dd><super::Bed patient_id=record.id.clone() history=record.bed_history can_update=record.can_update_bed kept /></dd>
            </div>
            <div class="summary-list__row">
                <dt>"Local identifier"</dt>
                <dd>{record.local_id}</dd>
            </div>
            <div class="summary-list__row">
                <dt>"Admitted"</dt>
                <dd>{friendly_date(&record.admitted_on)}</dd>
            </div>
            <div class="summary-list__row">
                <dt>"Peer support"</dt>
                <dd>
                    {if record.consent_to_peer_support {
                        "Has agreed to peer support"
                    } else {
                        "Has not agreed to peer support"
                    }}
                </dd>
            </div>
        </dl>
        {audit_link}
        {(!record.move_to.is_empty()).then(|| view! {
            <super::MoveWard patient_id=record.id.clone() preferred_name=first_name.clone() wards=record.move_to moved />
        })}
        // Once moved away, the record is the new ward's: offer nothing more.
        <Show when=move || !moved.get()>
            {record.can_write.then(|| view! { <super::RecordSession patient_id=patient_id.clone() preferred_name=first_name.clone() usual_place=usual_place.clone() resources=resources.clone() raise_from /> })}
            <PatientFollowUps patient_id=patient_id.clone() listed=follow_ups.clone() kept can_write=record.can_write />
            <crate::features::plan::PlanCard patient_id=patient_id.clone() preferred_name=first_name.clone()
                entries=plan.clone() kept can_write=record.can_write />
            {record.can_write.then(|| view! { <RaiseConcern patient_id=patient_id.clone() preferred_name=first_name.clone() raise_from /> })}
            <super::Timeline patient_id=patient_id.clone() sessions=timeline.clone() group_lines=group_lines.clone()
                concerns=concern_list card can_write=record.can_write kept />
        </Show>
    }
}
