//! The choices of the "record a session" form: the kind of contact, the
//! recovery themes as chips to tap, how the person took part, and the
//! details most contacts leave as they are.

use crate::domain::contact::{ContactType, Engagement, PlannedActivity, Theme};
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

/// Lived experience, planned activity and signposting, folded away: most
/// sessions leave them as they are.
#[component]
pub fn MoreDetails(preferred_name: String) -> impl IntoView {
    view! {
        <details class="more-details">
            <summary>"Lived experience, planned activity, signposting"</summary>
            <div class="choice">
                <input type="checkbox" id="lived-experience" name="lived_experience_shared" value="yes" />
                <label for="lived-experience">"I shared some of my own lived experience"</label>
            </div>
            <Radios name="planned_activity" legend=format!("Could {preferred_name} take part in what was planned?")
                choices=PlannedActivity::ALL.iter().map(|p| (p.as_str(), p.label())).collect() />
            <div class="form-group">
                <label class="label" for="signposting">"Signposting given"</label>
                <p class="hint" id="signposting-hint">"Services or groups you told them about, one a line."</p>
                <textarea class="textarea" id="signposting" name="signposting" rows="3"
                    aria-describedby="signposting-hint"></textarea>
            </div>
        </details>
    }
    .into_any()
}
