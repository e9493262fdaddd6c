//! A question with one answer of several, each a radio button with its words.

use leptos::prelude::*;

/// One choice of several, each a radio button with its words.
#[component]
pub fn Radios(
    name: &'static str,
    legend: String,
    choices: Vec<(&'static str, &'static str)>,
) -> impl IntoView {
    view! {
        <fieldset class="form-group choices">
            <legend class="label">{legend}</legend>
            {choices.into_iter().map(|(value, label)| {
                let id = format!("{name}-{value}");
                view! {
                    <div class="choice">
                        <input type="radio" id=id.clone() name=name value=value />
                        <label for=id>{label}</label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
    .into_any()
}
