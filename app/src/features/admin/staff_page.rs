//! `/admin/staff`: every staff account; add one, change role and wards,
//! deploy for a shift, deactivate, reset a password.

use super::staff_card::StaffCard;
use super::staff_forms::{reload_after, AddStaffForm, NewAccountNotice};
use super::{list_staff, CreateStaff};
use crate::domain::staff::StaffSummary;
use crate::features::account::StaffHeader;
use leptos::prelude::*;
use leptos_meta::Title;

/// What changes when anything on a card changes, so the card is drawn anew
/// then and keeps its messages otherwise.
fn card_key(person: &StaffSummary) -> String {
    let deployments: Vec<&str> = person.deployments.iter().map(|d| d.id.as_str()).collect();
    [
        person.id.as_str(),
        person.role.as_str(),
        &person.ward_ids.join(","),
        if person.active { "on" } else { "off" },
        &deployments.join(","),
    ]
    .join("|")
}

#[component]
pub fn StaffPage() -> impl IntoView {
    // Bumped by any form that changed something, to load the list again.
    let changed = RwSignal::new(0u32);
    let directory = Resource::new_blocking(move || changed.get(), |_| list_staff());
    let create = ServerAction::<CreateStaff>::new();
    reload_after(create.value(), changed);

    view! {
        <Title text="Staff accounts" />
        <StaffHeader />
        <main id="main" class="page">
            <h1>"Staff accounts"</h1>
            <p><a href="/admin/resources">"Community resources directory"</a></p>
            <p><a href="/admin/phones">"Phones and tablets"</a>" (report a lost phone)"</p>
            <NewAccountNotice create />
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || {
                    directory.get().map(|result| match result {
                        Ok(directory) => {
                            let wards = directory.wards.clone();
                            view! {
                                <AddStaffForm wards=wards.clone() create />
                                <h2>{format!("{} accounts", directory.staff.len())}</h2>
                                <For each=move || directory.staff.clone() key=card_key let:person>
                                    <StaffCard person wards=wards.clone() changed />
                                </For>
                            }
                            .into_any()
                        }
                        Err(ServerFnError::ServerError(message)) => {
                            view! { <p class="lede" role="alert">{message}</p> }.into_any()
                        }
                        Err(_) => view! { <p role="alert">"The staff list could not be loaded."</p> }.into_any(),
                    })
                }}
            </Suspense>
        </main>
    }
}
