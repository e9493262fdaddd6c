//! The recovery plan as staff read it on a patient's page: each goal in
//! the patient's words with its steps and a chart of its check-ins, their
//! strengths, wellness plan and what they want said at their meeting.

use super::{CheckinChart, HandToPatient};
use crate::domain::plan::{words, PlanEntry};
use crate::sync::Kept;
use leptos::prelude::*;

#[component]
pub fn PlanCard(
    patient_id: String,
    preferred_name: String,
    entries: Vec<PlanEntry>,
    kept: ReadSignal<Vec<Kept>>,
    can_write: bool,
) -> impl IntoView {
    let plan = super::plan_shown(patient_id.clone(), entries, kept);
    let name = preferred_name.clone();
    view! {
        <section class="card recovery-plan" aria-labelledby="recovery-plan-title">
            <h2 id="recovery-plan-title">"Recovery plan"</h2>
            {move || {
                let plan = plan.get();
                if plan.is_empty() {
                    return view! { <p>"No plan written yet."</p> }.into_any();
                }
                let goals = plan.goals.iter().map(|goal| {
                    let done = goal.steps.iter().filter(|s| s.done).count();
                    view! {
                        <li class="recovery-plan__goal">
                            <p class="plan-mode__caption">{words::in_words(&name)}</p>
                            <h3>{goal.text().to_owned()}</h3>
                            <p class="plan-mode__meta">
                                {format!("{} · {} · {done} of {} steps done", goal.life_area().label(), goal.status().label(), goal.steps.len())}
                            </p>
                            <CheckinChart checkins=goal.checkins.clone() />
                        </li>
                    }
                }).collect_view();
                let sections = plan.sections.iter().filter_map(|(section, versions)| {
                    versions.current().map(|now| view! {
                        <div class="summary-list__row"><dt>{section.heading()}</dt><dd>{now.text.clone()}</dd></div>
                    })
                }).collect_view();
                let strengths = plan.strengths.iter().map(|s| s.text.clone()).collect::<Vec<_>>().join(" · ");
                let meeting = plan.meeting.current().map(|m| view! {
                    <div class="summary-list__row"><dt>{words::MEETING}</dt><dd>{m.text.clone()}</dd></div>
                });
                view! {
                    <ul class="recovery-plan__goals">{goals}</ul>
                    <dl class="summary-list">
                        {(!strengths.is_empty()).then(|| view! {
                            <div class="summary-list__row"><dt>"Strengths and interests"</dt><dd>{strengths}</dd></div>
                        })}
                        {sections}
                        {meeting}
                    </dl>
                }.into_any()
            }}
            <p><a href=format!("/plan/{patient_id}")>"Open the plan (to write it with them, or to print it)"</a></p>
            {can_write.then(|| view! { <HandToPatient patient_id=patient_id.clone() preferred_name /> })}
        </section>
    }
}
