//! One account on the staff page, with what an administrator can do to it.

use super::staff_forms::{error_of, reload_after, DeployForm, RoleAndWardsForm};
use super::{EndDeployment, ResetStaffPassword, SetStaffActive};
use crate::domain::staff::{DeploymentLine, StaffSummary, WardChoice};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn StaffCard(person: StaffSummary, wards: Vec<WardChoice>, changed: RwSignal<u32>) -> impl IntoView {
    let set_active = ServerAction::<SetStaffActive>::new();
    let reset = ServerAction::<ResetStaffPassword>::new();
    Effect::new(move |_| {
        if set_active.version().get() > 0 {
            changed.update(|n| *n += 1);
        }
    });
    let ward_list =
        if person.ward_names.is_empty() { "No ward".to_owned() } else { person.ward_names.join(", ") };
    let (toggle_label, next_active) =
        if person.active { ("Deactivate", "false") } else { ("Reactivate", "true") };
    let meta = format!("{} · {} · {}", person.username, person.role.label(), ward_list);
    let name = person.display_name.clone();
    let deactivated = !person.active;
    let (id, active) = (person.id.clone(), person.active);
    let toggle = {
        let id = id.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            set_active.dispatch(SetStaffActive { staff_id: id.clone(), active: !active });
        }
    };
    let reset_submit = {
        let id = id.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            reset.dispatch(ResetStaffPassword { staff_id: id.clone() });
        }
    };
    let temporary = move || match reset.value().get() {
        Some(Ok(password)) => Some(password),
        _ => None,
    };
    let deployments = person.deployments.clone();

    view! {
        <section class="staff-card" aria-label=name.clone()>
            <h3 class="staff-card__name">
                {name.clone()}
                {deactivated.then(|| view! { <span class="tag tag--grey">"Deactivated"</span> })}
            </h3>
            <p class="staff-card__meta">{meta}</p>
            {(!deployments.is_empty()).then(|| view! {
                <ul class="deployments">
                    {deployments.into_iter().map(|line| view! { <DeploymentItem line changed /> }).collect_view()}
                </ul>
            })}
            {error_of(set_active.value())}
            {error_of(reset.value())}
            {move || temporary().map(|password| view! {
                <div class="notice" role="status">
                    <p>"The password was reset. Give this temporary password to the person in private; they must choose their own when they next sign in:"</p>
                    <p class="temporary-password">{password}</p>
                </div>
            })}
            <div class="staff-card__actions">
                <form action=SetStaffActive::url() method="post" on:submit=toggle>
                    <input type="hidden" name="staff_id" value=id.clone() />
                    <input type="hidden" name="active" value=next_active />
                    <button class="button button--secondary" type="submit">
                        {toggle_label} <span class="visually-hidden">{format!(" {name}")}</span>
                    </button>
                </form>
                <form action=ResetStaffPassword::url() method="post" on:submit=reset_submit>
                    <input type="hidden" name="staff_id" value=id.clone() />
                    <button class="button button--secondary" type="submit">
                        "Reset password" <span class="visually-hidden">{format!(" for {name}")}</span>
                    </button>
                </form>
            </div>
            <RoleAndWardsForm person=person.clone() wards=wards.clone() changed />
            {(person.role != crate::domain::Role::Admin).then(|| view! {
                <DeployForm person=person.clone() wards changed />
            })}
        </section>
    }
    .into_any()
}

/// A deployment still to run or running, with a button to end it now.
#[component]
fn DeploymentItem(line: DeploymentLine, changed: RwSignal<u32>) -> impl IntoView {
    let end = ServerAction::<EndDeployment>::new();
    reload_after(end.value(), changed);
    let id = line.id.clone();
    let on_submit = {
        let id = id.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            end.dispatch(EndDeployment { deployment_id: id.clone() });
        }
    };
    let text = format!("Deployed to {}: {}", line.ward_name, line.when);
    view! {
        <li class="deployments__item">
            <span>{text}</span>
            <form action=EndDeployment::url() method="post" on:submit=on_submit>
                <input type="hidden" name="deployment_id" value=id />
                <button class="button button--secondary button--small" type="submit">
                    "End now" <span class="visually-hidden">{format!(" the deployment to {}", line.ward_name)}</span>
                </button>
            </form>
            {error_of(end.value())}
        </li>
    }
    .into_any()
}
