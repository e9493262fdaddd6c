//! The choices of the "record a session" form: the kind of contact, the
//! recovery themes as chips to tap, how the person took part, and the
//! details most contacts leave as they are.

use crate::domain::contact::{ContactType, Engagement, PlannedActivity, Theme};
use crate::domain::resources::Resource;
use crate::ui::Radios;
use leptos::prelude::*;

#[component]
pub fn ContactTypePicker() -> impl IntoView {
    view! {
        <div class="form-group">
            <label class="label" for="session-type">"Type of session"</label>
            <select class="input" id="session-type" name="session_type">
                {ContactType::ALL.iter().map(|t| view! {
                    <option value=t.as_str() selected=*t == ContactType::OneToOne>{t.label()}</option>
                }).collect_view()}
            </select>
        </div>
    }
    .into_any()
}

#[component]
pub fn ThemeChips() -> impl IntoView {
    view! {
        <fieldset class="form-group chips">
            <legend class="label">"Recovery themes (CHIME)"</legend>
            <p class="hint">"Tap any the session touched on."</p>
            <div class="chips__list">
                {Theme::ALL.iter().map(|t| {
                    let id = format!("theme-{}", t.as_str());
                    view! {
                        <span class="chip">
                            <input class="chip__input" type="checkbox" id=id.clone() name="themes" value=t.as_str() />
                            <label class="chip__label" for=id>{t.label()}</label>
                        </span>
                    }
                }).collect_view()}
            </div>
        </fieldset>
    }
    .into_any()
}

#[component]
pub fn EngagementPicker(preferred_name: String) -> impl IntoView {
    let choices = Engagement::ALL.iter().map(|e| (e.as_str(), e.label())).collect();
    view! { <Radios name="engagement" legend=format!("How did {preferred_name} take part?") choices /> }
}

/// Lived experience, planned activity and signposting (ticked from the
/// community resources directory, or typed), folded away: most
/// sessions leave them as they are.
#[component]
pub fn MoreDetails(preferred_name: String, resources: Vec<Resource>) -> impl IntoView {
    let directory = (!resources.is_empty()).then(|| {
        view! {
            <fieldset class="form-group chips">
                <legend class="label">"Signposting given"</legend>
                <p class="hint">"Tap each service or group from the directory you told them about."</p>
                <div class="chips__list">
                    {resources.into_iter().map(|r| {
                        let id = format!("signpost-{}", r.id);
                        view! {
                            <span class="chip">
                                <input class="chip__input" type="checkbox" id=id.clone() name="signposting" value=r.name.clone() />
                                <label class="chip__label" for=id title=r.offers>{r.name}</label>
                            </span>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        }
    });
    view! {
        <details class="more-details">
            <summary>"Lived experience, planned activity, signposting"</summary>
            <div class="choice">
                <input type="checkbox" id="lived-experience" name="lived_experience_shared" value="yes" />
                <label for="lived-experience">"I shared some of my own lived experience"</label>
            </div>
            <Radios name="planned_activity" legend=format!("Could {preferred_name} take part in what was planned?")
                choices=PlannedActivity::ALL.iter().map(|p| (p.as_str(), p.label())).collect() />
            {directory}
            <div class="form-group">
                <label class="label" for="signposting-other">"Other signposting"</label>
                <p class="hint" id="signposting-other-hint">"Anything not in the directory, one a line."</p>
                <textarea class="textarea" id="signposting-other" name="signposting_other" rows="2"
                    aria-describedby="signposting-other-hint"></textarea>
            </div>
        </details>
    }
    .into_any()
}

/// Up to three things to follow up from this contact, folded away; each
/// shows on the worker's home until it is done.
#[component]
pub fn FollowUpRows() -> impl IntoView {
    view! {
        <details class="more-details">
            <summary>"Follow-ups from this contact"</summary>
            <p class="hint">"Each one shows on your home page until it is done."</p>
            {(1..=3).map(|n| {
                let (text_id, due_id) = (format!("follow-up-{n}"), format!("follow-up-due-{n}"));
                view! {
                    <div class="form-row">
                        <div class="form-group">
                            <label class="label" for=text_id.clone()>{format!("Follow-up {n}")}</label>
                            <input class="input" id=text_id name="follow_up_text" maxlength="500" autocomplete="off" />
                        </div>
                        <div class="form-group">
                            <label class="label" for=due_id.clone()>{format!("Due date for follow-up {n} (optional)")}</label>
                            <input class="input input--medium" type="date" id=due_id name="follow_up_due" />
                        </div>
                    </div>
                }
            }).collect_view()}
        </details>
    }
    .into_any()
}
