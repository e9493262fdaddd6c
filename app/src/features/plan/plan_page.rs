//! `/plan/:id`: a person's recovery plan on the ward tablet, one thing per
//! screen, in large type and plain words. Handed to the patient (patient
//! mode) it is the only page the tablet shows.

use super::get_plan;
use super::goal_screens::{CheckIn, GoalForm, GoalScreen, NewStep, StatusForm};
use super::screens::{Home, MeetingScreen, SectionScreen, Strengths};
use crate::domain::plan::{words, PlanRecord, RecoveryPlan, Section, WrittenBy};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The screen showing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Screen {
    Home,
    Goal(String),
    NewGoal,
    EditGoal(String),
    NewStep(String),
    CheckIn(String),
    Status(String),
    Strengths,
    Section(Section),
    Meeting,
}

/// What every screen of the plan shares.
#[derive(Clone)]
pub struct PlanContext {
    pub patient_id: String,
    pub name: String,
    pub plan: Memo<RecoveryPlan>,
    pub screen: RwSignal<Screen>,
    /// The device is handed to the patient.
    pub handed: RwSignal<bool>,
    /// "Saved.", or why not.
    pub notice: RwSignal<Option<String>>,
    pub can_write: bool,
}

impl PlanContext {
    /// Goes to a screen, saying `notice` there.
    pub fn show(&self, screen: Screen, notice: Option<String>) {
        self.notice.set(notice);
        self.screen.set(screen);
    }

    /// Who is writing, as the form's answer says.
    pub fn written_by(&self, answer: &str) -> WrittenBy {
        WrittenBy::parse(answer).unwrap_or(if self.handed.get_untracked() {
            WrittenBy::Patient
        } else {
            WrittenBy::WithPatient
        })
    }
}

#[component]
pub fn PlanPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new_blocking(move || params.with(|p| p.get("id").unwrap_or_default()), get_plan);
    view! {
        <main id="main" class="page plan-mode">
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|result| match result {
                    Ok(data) => view! { <PlanScreens data /> }.into_any(),
                    Err(ServerFnError::ServerError(message)) => view! {
                        <Title text="Plan not available" />
                        <h1>"Plan not available"</h1>
                        <p class="lede" role="alert">{message}</p>
                    }.into_any(),
                    Err(_) => {
                        #[cfg(feature = "hydrate")]
                        crate::ui::reload_if_offline();
                        view! { <p class="lede" role="alert">{words::OFFLINE}</p> }.into_any()
                    }
                })}
            </Suspense>
        </main>
    }
}

#[component]
fn PlanScreens(data: PlanRecord) -> impl IntoView {
    let kept = crate::features::patient::kept_on_this_phone();
    let PlanRecord { patient_id, preferred_name, can_write, entries } = data;
    let plan = super::plan_shown(patient_id.clone(), entries, kept);
    let context = PlanContext {
        patient_id,
        name: preferred_name.clone(),
        plan,
        screen: RwSignal::new(Screen::Home),
        handed: RwSignal::new(false),
        notice: RwSignal::new(None),
        can_write,
    };
    #[cfg(feature = "hydrate")]
    {
        let handed = context.handed;
        Effect::new(move |_| handed.set(crate::device::handed_to().is_some()));
        // A new screen starts at its heading, for every reader.
        let screen = context.screen;
        Effect::new(move |first: Option<()>| {
            screen.track();
            if first.is_some() {
                focus_heading();
            }
        });
    }
    provide_context(context.clone());
    let screen = context.screen;
    let notice = context.notice;
    view! {
        <Title text=format!("{preferred_name}'s recovery plan") />
        <p class="plan-mode__whose">{format!("{preferred_name}'s plan")}</p>
        <p class="plan-mode__notice" role="status">{move || notice.get()}</p>
        <div class="plan-mode__screen">
            {move || match screen.get() {
                Screen::Home => view! { <Home /> }.into_any(),
                Screen::Goal(id) => view! { <GoalScreen id /> }.into_any(),
                Screen::NewGoal => view! { <GoalForm id=None /> }.into_any(),
                Screen::EditGoal(id) => view! { <GoalForm id=Some(id) /> }.into_any(),
                Screen::NewStep(id) => view! { <NewStep goal_id=id /> }.into_any(),
                Screen::CheckIn(id) => view! { <CheckIn goal_id=id /> }.into_any(),
                Screen::Status(id) => view! { <StatusForm goal_id=id /> }.into_any(),
                Screen::Strengths => view! { <Strengths /> }.into_any(),
                Screen::Section(section) => view! { <SectionScreen section /> }.into_any(),
                Screen::Meeting => view! { <MeetingScreen /> }.into_any(),
            }}
        </div>
        <super::screens::PrintedPlan />
    }
}

#[cfg(feature = "hydrate")]
fn focus_heading() {
    use wasm_bindgen::JsCast;
    let heading = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(".plan-mode__screen h1").ok().flatten())
        .and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(heading) = heading {
        let _ = heading.focus();
    }
    if let Some(window) = web_sys::window() {
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }
}
