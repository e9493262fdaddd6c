//! One goal: its words, steps, check-ins and where it stands; and the
//! forms that add to it. Each is its own screen.

use super::plan_page::{PlanContext, Screen};
use super::save::{save_plan, saved_message, submit, After, Problem};
use super::screens::{BackToPlan, Earlier, Entries, WhoIsWriting, WrittenBy};
use super::CheckinChart;
use crate::domain::plan::{words, Goal, GoalStatus, LifeArea};
use leptos::prelude::*;
use serde_json::{json, Value};

/// The goal `id` as the plan reads now.
fn goal_of(context: &PlanContext, id: &str) -> Memo<Option<Goal>> {
    let (plan, id) = (context.plan, id.to_owned());
    Memo::new(move |_| plan.with(|p| p.goal(&id).cloned()))
}

#[component]
pub fn GoalScreen(id: String) -> impl IntoView {
    let context = expect_context::<PlanContext>();
    let goal = goal_of(&context, &id);
    let name = context.name.clone();
    let can_write = context.can_write;
    move || {
        let Some(goal) = goal.get() else {
            return view! { <h1 tabindex="-1">{words::NOTHING_YET}</h1><BackToPlan /> }.into_any();
        };
        let current = goal.words.current().cloned();
        let go = {
            let context = context.clone();
            move |screen: Screen| context.show(screen, None)
        };
        let (gid, status) = (goal.id.clone(), goal.status());
        let steps = goal.steps.clone();
        view! {
            <p class="plan-mode__caption">{words::in_words(&name)}</p>
            <h1 tabindex="-1">{goal.text().to_owned()}</h1>
            <p class="plan-mode__meta">{format!("{} · {}", goal.life_area().label(), status.label())}</p>
            {current.clone().filter(|v| !v.why.is_empty()).map(|v| view! { <p class="plan-entry__text">{v.why}</p> })}
            {current.map(|v| view! { <WrittenBy written=v.written /> })}
            {goal.words.changed_at_once.then(|| view! { <p class="plan-mode__clash">{words::CHANGED_AT_ONCE}</p> })}
            <h2>{words::STEPS}</h2>
            {steps.is_empty().then(|| view! { <p>{words::NOTHING_YET}</p> })}
            <ul class="plan-mode__steps">
                {steps.into_iter().map(|step| view! { <StepRow goal_id=gid.clone() step_id=step.id.clone() text=step.text.clone() done=step.done /> }).collect_view()}
            </ul>
            {can_write.then(|| { let (go, gid) = (go.clone(), gid.clone()); view! {
                <button class="button button--secondary" type="button" on:click=move |_| go(Screen::NewStep(gid.clone()))>{words::ADD_STEP}</button>
            }})}
            <h2>{words::CHECK_IN}</h2>
            <CheckinChart checkins=goal.checkins.clone() />
            <ul class="plan-mode__entries">
                {goal.checkins.iter().rev().filter(|c| !c.comment.is_empty()).map(|c| view! {
                    <li class="plan-entry"><p class="plan-entry__text">{format!("{}/10: {}", c.score, c.comment)}</p></li>
                }).collect_view()}
            </ul>
            {match (can_write, status) {
                (false, _) => None,
                (true, GoalStatus::LetGo) => Some(view! { <p>{words::CHECKIN_LET_GO}</p> }.into_any()),
                (true, _) => { let (go, gid) = (go.clone(), gid.clone()); Some(view! {
                    <button class="button" type="button" on:click=move |_| go(Screen::CheckIn(gid.clone()))>{words::CHECK_IN}</button>
                }.into_any()) }
            }}
            {can_write.then(|| { let (go2, gid2) = (go.clone(), gid.clone()); view! {
                <div class="plan-mode__end">
                    <button class="button button--secondary" type="button" on:click=move |_| go(Screen::Status(gid.clone()))>{words::STATUS_LABEL}</button>
                    <button class="button button--secondary" type="button" on:click=move |_| go2(Screen::EditGoal(gid2.clone()))>{words::CHANGE_WORDS}</button>
                </div>
            }})}
            {(!goal.statuses.is_empty()).then(|| view! {
                <details class="panel plan-mode__earlier">
                    <summary class="panel__summary">{words::STATUS_HISTORY}</summary>
                    <Entries entries=goal.statuses.iter().map(|s| (s.status.label().to_owned(), s.written.clone())).collect() />
                </details>
            })}
            <Earlier versions=goal.words.clone() />
            <BackToPlan />
        }
        .into_any()
    }
}

/// A step, ticked off with one tap.
#[component]
fn StepRow(goal_id: String, step_id: String, text: String, done: bool) -> impl IntoView {
    let context = expect_context::<PlanContext>();
    let id = format!("step-{step_id}");
    let can_write = context.can_write;
    let on_change = move |ev: leptos::ev::Event| {
        let done = event_target_checked(&ev);
        let by = context.written_by("");
        let fields = json!({ "goal_id": goal_id, "done": done });
        let said = save_plan("goal_step", Some(&step_id), &context.patient_id, by, fields);
        context.notice.set(Some(said.map(|()| saved_message().to_owned()).unwrap_or_else(|e| e)));
    };
    view! {
        <li class="choice plan-mode__step">
            <input type="checkbox" id=id.clone() checked=done disabled=!can_write on:change=on_change />
            <label for=id>{text}</label>
        </li>
    }
}

/// A new goal, or new words for one (kept as a new version).
#[component]
pub fn GoalForm(id: Option<String>) -> impl IntoView {
    let context = expect_context::<PlanContext>();
    let problem = RwSignal::new(None::<String>);
    let now = id
        .as_ref()
        .and_then(|id| context.plan.with_untracked(|p| p.goal(id).and_then(|g| g.words.current().cloned())));
    let base = now.as_ref().map(|v| v.written.hlc.clone()).unwrap_or_default();
    let then = id.clone().map_or(Screen::Home, Screen::Goal);
    let on_submit = submit(
        &context,
        problem,
        "goal",
        id,
        After::Show(then),
        move |form| json!({ "text": form.text("text"), "life_area": form.text("life_area"), "why": form.text("why"), "base_hlc": base }),
    );
    let heading = if now.is_some() { words::CHANGE_WORDS } else { words::ADD_GOAL };
    let (text, why) = now.as_ref().map(|v| (v.text.clone(), v.why.clone())).unwrap_or_default();
    let area = now.and_then(|v| v.life_area);
    view! {
        <h1 tabindex="-1">{heading}</h1>
        <form class="form" novalidate on:submit=on_submit>
            <div class="form-group">
                <label class="label" for="goal-text">{words::GOAL_LABEL}</label>
                <p class="hint" id="goal-text-hint">{words::GOAL_HINT}</p>
                <textarea class="textarea" id="goal-text" name="text" rows="4" aria-describedby="goal-text-hint">{text}</textarea>
            </div>
            <fieldset class="form-group choices">
                <legend class="label">{words::AREA_LABEL}</legend>
                {LifeArea::ALL.into_iter().map(|a| { let id = format!("area-{}", a.as_str()); view! {
                    <div class="choice">
                        <input type="radio" id=id.clone() name="life_area" value=a.as_str() checked=area == Some(a) />
                        <label for=id>{a.label()}</label>
                    </div>
                }}).collect_view()}
            </fieldset>
            <div class="form-group">
                <label class="label" for="goal-why">{words::WHY_LABEL}</label>
                <textarea class="textarea" id="goal-why" name="why" rows="3">{why}</textarea>
            </div>
            <WhoIsWriting />
            <Problem problem />
            <button class="button" type="submit">{words::SAVE_GOAL}</button>
        </form>
        <BackToPlan />
    }
}

#[component]
pub fn NewStep(goal_id: String) -> impl IntoView {
    let context = expect_context::<PlanContext>();
    let problem = RwSignal::new(None::<String>);
    let gid = goal_id.clone();
    let on_submit = submit(
        &context,
        problem,
        "goal_step",
        None,
        After::Show(Screen::Goal(goal_id)),
        move |form| json!({ "goal_id": gid, "text": form.text("text") }),
    );
    view! {
        <h1 tabindex="-1">{words::ADD_STEP}</h1>
        <form class="form" novalidate on:submit=on_submit>
            <div class="form-group">
                <label class="label" for="step-text">{words::STEP_LABEL}</label>
                <textarea class="textarea" id="step-text" name="text" rows="3"></textarea>
            </div>
            <WhoIsWriting />
            <Problem problem />
            <button class="button" type="submit">{words::SAVE_STEP}</button>
        </form>
        <BackToPlan />
    }
}

#[component]
pub fn CheckIn(goal_id: String) -> impl IntoView {
    let context = expect_context::<PlanContext>();
    let problem = RwSignal::new(None::<String>);
    let gid = goal_id.clone();
    let on_submit =
        submit(&context, problem, "goal_checkin", None, After::Show(Screen::Goal(goal_id)), move |form| {
            let score: Value = form.text("score").parse::<u64>().map_or(Value::Null, Value::from);
            json!({ "goal_id": gid, "score": score, "comment": form.text("comment") })
        });
    view! {
        <h1 tabindex="-1">{words::CHECK_IN}</h1>
        <form class="form" novalidate on:submit=on_submit>
            <fieldset class="form-group choices scale">
                <legend class="label">{words::HOW_CLOSE}</legend>
                <div class="scale__row">
                    {(0..=10).map(|n| { let id = format!("score-{n}"); view! {
                        <div class="scale__point">
                            <input type="radio" id=id.clone() name="score" value=n.to_string() />
                            <label for=id>{n.to_string()}</label>
                        </div>
                    }}).collect_view()}
                </div>
            </fieldset>
            <div class="form-group">
                <label class="label" for="checkin-comment">{words::COMMENT_LABEL}</label>
                <textarea class="textarea" id="checkin-comment" name="comment" rows="3"></textarea>
            </div>
            <WhoIsWriting />
            <Problem problem />
            <button class="button" type="submit">{words::SAVE_CHECK_IN}</button>
        </form>
        <BackToPlan />
    }
}

#[component]
pub fn StatusForm(goal_id: String) -> impl IntoView {
    let context = expect_context::<PlanContext>();
    let problem = RwSignal::new(None::<String>);
    let now = context.plan.with_untracked(|p| p.goal(&goal_id).map(Goal::status));
    let gid = goal_id.clone();
    let on_submit = submit(
        &context,
        problem,
        "goal_status",
        None,
        After::Show(Screen::Goal(goal_id)),
        move |form| json!({ "goal_id": gid, "status": form.text("status") }),
    );
    view! {
        <h1 tabindex="-1">{words::STATUS_LABEL}</h1>
        <form class="form" novalidate on:submit=on_submit>
            <fieldset class="form-group choices">
                <legend class="label">{words::STATUS_LABEL}</legend>
                {GoalStatus::ALL.into_iter().map(|s| { let id = format!("status-{}", s.as_str()); view! {
                    <div class="choice">
                        <input type="radio" id=id.clone() name="status" value=s.as_str() checked=now == Some(s) />
                        <label for=id>{s.label()}</label>
                    </div>
                }}).collect_view()}
            </fieldset>
            <WhoIsWriting />
            <Problem problem />
            <button class="button" type="submit">{words::SAVE_STATUS}</button>
        </form>
        <BackToPlan />
    }
}
