//! The plan's home screen and its other parts: strengths, the wellness
//! plan, what to say at a meeting, and the whole plan as printed.

use super::plan_page::{PlanContext, Screen};
use super::save::{submit, After, Problem};
use crate::domain::plan::{words, Section, Versions, Written, WrittenBy};
use leptos::prelude::*;
use serde_json::json;

/// "Written by Aisha · 3 Dec, 14:32 · On this phone only".
pub fn written_line(written: &Written, patient: &str) -> String {
    let when = crate::domain::instant::parse_rfc3339(&written.at)
        .map(crate::domain::uk_time::friendly)
        .unwrap_or_default();
    format!("{} · {when}", written.written_by.line(patient, &written.author_name))
}

#[component]
pub fn WrittenBy(written: Written) -> impl IntoView {
    let name = expect_context::<PlanContext>().name;
    let state = written.state.clone();
    view! {
        <div class="plan-entry__by">
            <p>{written_line(&written, &name)}</p>
            <crate::features::patient::StateTag state=Signal::derive(move || state.clone()) op_id=written.op_id.clone() plain=true />
        </div>
    }
}

/// Entries in the patient's words, each with who wrote it.
#[component]
pub fn Entries(entries: Vec<(String, Written)>) -> impl IntoView {
    view! {
        <ul class="plan-mode__entries">
            {entries.into_iter().map(|(text, written)| view! {
                <li class="plan-entry">
                    <p class="plan-entry__text">{text}</p>
                    <WrittenBy written />
                </li>
            }).collect_view()}
        </ul>
    }
}

/// "Who is writing?": the patient themselves or staff with them; staff
/// alone too when it is not handed over.
#[component]
pub fn WhoIsWriting() -> impl IntoView {
    let context = expect_context::<PlanContext>();
    let name = context.name.clone();
    move || {
        let choices: Vec<(WrittenBy, String)> = if context.handed.get() {
            vec![
                (WrittenBy::Patient, words::I_WRITE.into()),
                (WrittenBy::WithPatient, words::STAFF_WRITES.into()),
            ]
        } else {
            vec![
                (WrittenBy::WithPatient, format!("{name} is telling me and I am writing it")),
                (WrittenBy::Patient, format!("{name} wrote it")),
                (WrittenBy::Staff, "I am writing it alone".into()),
            ]
        };
        view! {
            <fieldset class="form-group choices">
                <legend class="label">{words::WHO_WROTE}</legend>
                {choices.into_iter().enumerate().map(|(i, (by, label))| {
                    let id = format!("written-by-{}", by.as_str());
                    view! {
                        <div class="choice">
                            <input type="radio" id=id.clone() name="written_by" value=by.as_str() checked=i == 0 />
                            <label for=id>{label}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
        }
    }
}

#[component]
pub fn BackToPlan() -> impl IntoView {
    let context = expect_context::<PlanContext>();
    view! {
        <button class="button button--secondary plan-mode__back" type="button"
            on:click=move |_| context.show(Screen::Home, None)>{words::BACK_TO_PLAN}</button>
    }
}

#[component]
pub fn Home() -> impl IntoView {
    let context = expect_context::<PlanContext>();
    let plan = context.plan;
    let handed = context.handed;
    let patient_id = context.patient_id.clone();
    let can_write = context.can_write;
    let go = move |screen: Screen| context.show(screen, None);
    let go_goal = go.clone();
    view! {
        <h1 tabindex="-1">{words::PLAN_TITLE}</h1>
        <h2>{words::MY_GOALS}</h2>
        {move || {
            let goals = plan.with(|p| p.goals.clone());
            if goals.is_empty() {
                return view! { <p>{words::NOTHING_YET}</p> }.into_any();
            }
            let go = go_goal.clone();
            view! {
                <ul class="plan-mode__list">
                    {goals.into_iter().map(|goal| {
                        let (id, go) = (goal.id.clone(), go.clone());
                        view! {
                            <li>
                                <button class="plan-mode__item" type="button" on:click=move |_| go(Screen::Goal(id.clone()))>
                                    <span class="plan-mode__item-text">{goal.text().to_owned()}</span>
                                    <span class="plan-mode__item-status">{goal.status().label()}</span>
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        {can_write.then(|| { let go = go.clone(); view! {
            <button class="button plan-mode__add" type="button" on:click=move |_| go(Screen::NewGoal)>{words::ADD_GOAL}</button>
        }})}
        <h2>"More of my plan"</h2>
        <ul class="plan-mode__list">
            <li><button class="plan-mode__item" type="button" on:click={ let go = go.clone(); move |_| go(Screen::Strengths) }>{words::STRENGTHS}</button></li>
            {Section::ALL.into_iter().map(|section| { let go = go.clone(); view! {
                <li><button class="plan-mode__item" type="button" on:click=move |_| go(Screen::Section(section))>{section.heading()}</button></li>
            }}).collect_view()}
            <li><button class="plan-mode__item" type="button" on:click={ let go = go.clone(); move |_| go(Screen::Meeting) }>{words::MEETING}</button></li>
        </ul>
        <div class="plan-mode__end">
            <button class="button button--secondary" type="button" on:click=move |_| print()>{words::PRINT}</button>
            <Show when=move || handed.get()
                fallback=move || view! { <a class="button button--secondary" href=format!("/patients/{patient_id}")>"Back to the record"</a> }>
                <p>{words::HAND_BACK_HINT}</p>
                <button class="button" type="button" on:click=move |_| hand_back()>{words::HAND_BACK}</button>
            </Show>
        </div>
    }
}

fn print() {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let _ = window.print();
    }
}

/// Locks the tablet: staff take it back with their PIN.
fn hand_back() {
    #[cfg(feature = "hydrate")]
    {
        crate::device::set_locked(true);
        let pin = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("unlock-pin"))
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok());
        if let Some(pin) = pin {
            let _ = pin.focus();
        }
    }
}

#[component]
pub fn Strengths() -> impl IntoView {
    let context = expect_context::<PlanContext>();
    let plan = context.plan;
    let problem = RwSignal::new(None::<String>);
    let on_submit = submit(
        &context,
        problem,
        "strength",
        None,
        After::Stay { empty: true },
        |form| json!({ "kind": form.text("kind"), "text": form.text("text") }),
    );
    view! {
        <h1 tabindex="-1">{words::STRENGTHS}</h1>
        {move || {
            let list = plan.with(|p| p.strengths.clone());
            if list.is_empty() {
                return view! { <p>{words::NOTHING_YET}</p> }.into_any();
            }
            let entries = list.into_iter().map(|s| (s.text, s.written)).collect();
            view! { <Entries entries /> }.into_any()
        }}
        {context.can_write.then(|| view! {
            <form class="form" novalidate on:submit=on_submit>
                <fieldset class="form-group choices">
                    <legend class="label">{words::KIND_LABEL}</legend>
                    <div class="choice">
                        <input type="radio" id="kind-strength" name="kind" value="strength" checked=true />
                        <label for="kind-strength">{words::STRENGTH_LABEL}</label>
                    </div>
                    <div class="choice">
                        <input type="radio" id="kind-interest" name="kind" value="interest" />
                        <label for="kind-interest">{words::INTEREST_LABEL}</label>
                    </div>
                </fieldset>
                <div class="form-group">
                    <label class="label" for="strength-text">"In my words"</label>
                    <textarea class="textarea" id="strength-text" name="text" rows="3"></textarea>
                </div>
                <WhoIsWriting />
                <Problem problem />
                <button class="button" type="submit">{words::SAVE_STRENGTH}</button>
            </form>
        })}
        <BackToPlan />
    }
}

/// One piece of the plan kept in versions: a part of the wellness plan, or
/// what to say at a meeting.
#[component]
fn VersionedText(
    entity: &'static str,
    section: Option<Section>,
    heading: &'static str,
    label: &'static str,
    hint: Option<&'static str>,
    save_label: &'static str,
    versions: Memo<Versions>,
) -> impl IntoView {
    let context = expect_context::<PlanContext>();
    let problem = RwSignal::new(None::<String>);
    let on_submit = submit(&context, problem, entity, None, After::Stay { empty: false }, move |form| {
        let base =
            versions.with_untracked(|v| v.current().map(|c| c.written.hlc.clone()).unwrap_or_default());
        let mut payload = json!({ "text": form.text("text"), "base_hlc": base });
        if let Some(section) = section {
            payload["section"] = section.as_str().into();
        }
        payload
    });
    let current = move || versions.with(|v| v.current().map(|c| c.text.clone()).unwrap_or_default());
    view! {
        <h1 tabindex="-1">{heading}</h1>
        {hint.map(|hint| view! { <p class="hint">{hint}</p> })}
        {move || versions.with(|v| v.changed_at_once).then(|| view! { <p class="plan-mode__clash">{words::CHANGED_AT_ONCE}</p> })}
        {move || versions.with(|v| v.current().cloned()).map(|now| view! {
            <div class="plan-entry">
                <p class="plan-entry__text">{now.text.clone()}</p>
                <WrittenBy written=now.written.clone() />
            </div>
        })}
        {context.can_write.then(|| view! {
            <form class="form" novalidate on:submit=on_submit>
                <div class="form-group">
                    <label class="label" for="versioned-text">{label}</label>
                    <textarea class="textarea" id="versioned-text" name="text" rows="6" prop:value=current></textarea>
                </div>
                <WhoIsWriting />
                <Problem problem />
                <button class="button" type="submit">{save_label}</button>
            </form>
        })}
        {move || view! { <Earlier versions=versions.get() /> }}
        <BackToPlan />
    }
}

/// Earlier versions (all but the current one), folded away.
#[component]
pub fn Earlier(versions: Versions) -> impl IntoView {
    let earlier: Vec<_> = versions.versions.into_iter().skip(1).map(|v| (v.text, v.written)).collect();
    (!earlier.is_empty()).then(|| {
        view! {
            <details class="panel plan-mode__earlier">
                <summary class="panel__summary">{words::EARLIER}</summary>
                <Entries entries=earlier />
            </details>
        }
    })
}

#[component]
pub fn SectionScreen(section: Section) -> impl IntoView {
    let plan = expect_context::<PlanContext>().plan;
    let versions = Memo::new(move |_| {
        plan.with(|p| {
            p.sections.iter().find(|(s, _)| *s == section).map(|(_, v)| v.clone()).unwrap_or_default()
        })
    });
    view! {
        <VersionedText entity="wellness_plan_section" section=Some(section) heading=section.heading()
            label=section.heading() hint=None save_label=words::SAVE_SECTION versions />
    }
}

#[component]
pub fn MeetingScreen() -> impl IntoView {
    let plan = expect_context::<PlanContext>().plan;
    let versions = Memo::new(move |_| plan.with(|p| p.meeting.clone()));
    view! {
        <VersionedText entity="meeting_prep" section=None heading=words::MEETING label=words::MEETING_LABEL
            hint=Some(words::MEETING_HINT) save_label=words::SAVE_MEETING versions />
    }
}

/// The whole plan as it prints: on paper only (see the print style sheet).
#[component]
pub fn PrintedPlan() -> impl IntoView {
    let context = expect_context::<PlanContext>();
    let (plan, name) = (context.plan, context.name.clone());
    view! {
        <div class="plan-print">
            <h1>{format!("{name}'s recovery plan")}</h1>
            {move || plan.with(|p| {
                let goals = p.goals.iter().map(|g| view! {
                    <section>
                        <h3>{g.text().to_owned()}</h3>
                        <p>{format!("{} · {}", g.life_area().label(), g.status().label())}</p>
                        {g.words.current().filter(|v| !v.why.is_empty()).map(|v| view! { <p>{format!("Why it matters: {}", v.why)}</p> })}
                        <ul>{g.steps.iter().map(|s| view! {
                            <li>{format!("{} {}", if s.done { "[done]" } else { "[ ]" }, s.text)}</li>
                        }).collect_view()}</ul>
                    </section>
                }).collect_view();
                let sections = p.sections.iter().filter_map(|(s, v)| v.current().map(|c| (s.heading(), c.text.clone())))
                    .map(|(h, t)| view! { <section><h3>{h}</h3><p>{t}</p></section> }).collect_view();
                let strengths = p.strengths.iter().map(|s| view! { <li>{s.text.clone()}</li> }).collect_view();
                let meeting = p.meeting.current().map(|m| view! { <section><h2>{words::MEETING}</h2><p>{m.text.clone()}</p></section> });
                view! {
                    <h2>{words::MY_GOALS}</h2>
                    {goals}
                    <h2>{words::STRENGTHS}</h2>
                    <ul>{strengths}</ul>
                    <h2>{words::WELLNESS}</h2>
                    {sections}
                    {meeting}
                }
            })}
        </div>
    }
}
