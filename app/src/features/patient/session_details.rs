//! What a session's details say, under its note: only what was recorded.

use crate::domain::contact::ContactDetails;
use leptos::prelude::*;

/// "Hope, Meaning"; empty when none.
fn joined<T: Copy>(items: &[T], label: fn(T) -> &'static str) -> String {
    items.iter().map(|i| label(*i)).collect::<Vec<_>>().join(", ")
}

#[component]
pub fn SessionDetails(details: ContactDetails) -> impl IntoView {
    let mut rows: Vec<(&'static str, String)> = Vec::new();
    if !details.place.is_empty() {
        rows.push(("Place", details.place.clone()));
    }
    if !details.themes.is_empty() {
        rows.push(("Recovery themes", joined(&details.themes, |t| t.label())));
    }
    if let Some(engagement) = details.engagement {
        rows.push(("Took part", engagement.label().to_owned()));
    }
    if let Some(planned) = details.planned_activity {
        rows.push(("Planned activity", planned.label().to_owned()));
    }
    if details.lived_experience_shared {
        rows.push(("Lived experience", "Shared".to_owned()));
    }
    if !details.signposting.is_empty() {
        rows.push(("Signposting", details.signposting.join("; ")));
    }
    if let Some(reason) = &details.late_reason {
        rows.push(("Entered late", reason.clone()));
    }
    (!rows.is_empty())
        .then(|| {
            view! {
                <dl class="session-details">
                    {rows.into_iter().map(|(term, value)| view! {
                        <div class="session-details__row"><dt>{term}</dt><dd>{value}</dd></div>
                    }).collect_view()}
                </dl>
            }
        })
        .into_any()
}
