//! `/admin/staff`: every staff account, with deactivate and password reset.

use super::{list_staff, ResetStaffPassword, SetStaffActive};
use crate::domain::staff::StaffSummary;
use crate::features::account::StaffHeader;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn StaffPage() -> impl IntoView {
    let set_active = ServerAction::<SetStaffActive>::new();
    let reset = ServerAction::<ResetStaffPassword>::new();
    let staff = Resource::new_blocking(move || set_active.version().get(), |_| list_staff());
    let reset_result = reset.value();

    view! {
        <Title text="Staff accounts" />
        <StaffHeader />
        <main id="main" class="page">
            <h1>"Staff accounts"</h1>
            {move || {
                reset_result.get().map(|result| match result {
                    Ok(temporary) => view! {
                        <div class="notice" role="status">
                            <p>"The password was reset. Give this temporary password to the person in private; they must choose their own when they next sign in:"</p>
                            <p class="temporary-password">{temporary}</p>
                        </div>
                    }.into_any(),
                    Err(e) => view! { <p class="error-message" role="alert">{e.to_string()}</p> }.into_any(),
                })
            }}
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || {
                    staff.get().map(|result| match result {
                        Ok(list) => list
                            .into_iter()
                            .map(|person| view! { <StaffRow person set_active reset /> })
                            .collect_view()
                            .into_any(),
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

#[component]
fn StaffRow(
    person: StaffSummary,
    set_active: ServerAction<SetStaffActive>,
    reset: ServerAction<ResetStaffPassword>,
) -> impl IntoView {
    let wards =
        if person.ward_names.is_empty() { "No ward".to_owned() } else { person.ward_names.join(", ") };
    let (toggle_label, next_active) =
        if person.active { ("Deactivate", "false") } else { ("Reactivate", "true") };
    let meta = format!("{} · {} · {}", person.username, person.role.label(), wards);
    let (label, heading) = (person.display_name.clone(), person.display_name.clone());
    let (toggle_for, reset_for) =
        (format!(" {}", person.display_name), format!(" for {}", person.display_name));
    let (toggle_id, reset_id) = (person.id.clone(), person.id.clone());
    let deactivated = !person.active;
    // Plain forms that post without WebAssembly; with it, they dispatch the
    // action directly (no form-data parser in the download).
    let (id, active) = (person.id, person.active);
    let toggle = {
        let id = id.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            set_active.dispatch(SetStaffActive { staff_id: id.clone(), active: !active });
        }
    };
    let reset_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        reset.dispatch(ResetStaffPassword { staff_id: id.clone() });
    };
    view! {
        <section class="staff-card" aria-label=label>
            <h2 class="staff-card__name">
                {heading}
                {deactivated.then(|| view! { <span class="tag tag--grey">"Deactivated"</span> })}
            </h2>
            <p class="staff-card__meta">{meta}</p>
            <div class="staff-card__actions">
                <form action=SetStaffActive::url() method="post" on:submit=toggle>
                    <input type="hidden" name="staff_id" value=toggle_id />
                    <input type="hidden" name="active" value=next_active />
                    <button class="button button--secondary" type="submit">
                        {toggle_label} <span class="visually-hidden">{toggle_for}</span>
                    </button>
                </form>
                <form action=ResetStaffPassword::url() method="post" on:submit=reset_submit>
                    <input type="hidden" name="staff_id" value=reset_id />
                    <button class="button button--secondary" type="submit">
                        "Reset password" <span class="visually-hidden">{reset_for}</span>
                    </button>
                </form>
            </div>
        </section>
    }
}
