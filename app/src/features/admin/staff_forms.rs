//! The forms of the staff page: add an account, change its role and wards,
//! deploy someone for a shift. Plain forms that post without WebAssembly;
//! with it, they dispatch their server action and answer in place.

use super::{CreateStaff, DeployStaff, SetStaffAccess};
use crate::domain::staff::{StaffSummary, WardChoice};
use crate::domain::Role;
use crate::ui::FormFields;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// Loads the staff list again once `value` reports success.
pub fn reload_after<T>(value: MappedSignal<Option<Result<T, ServerFnError>>>, changed: RwSignal<u32>)
where
    T: Clone + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if matches!(value.get(), Some(Ok(_))) {
            changed.update(|n| *n += 1);
        }
    });
}

/// Empties `form` once `value` reports success, ready for the next entry.
pub fn reset_after<T>(
    value: MappedSignal<Option<Result<T, ServerFnError>>>,
    form: NodeRef<leptos::html::Form>,
) where
    T: Clone + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if matches!(value.get(), Some(Ok(_))) {
            if let Some(form) = form.get_untracked() {
                form.reset();
            }
        }
    });
}

/// A form's error in words, if its last answer was one.
pub fn error_of<T>(value: MappedSignal<Option<Result<T, ServerFnError>>>) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
{
    move || match value.get() {
        Some(Err(error)) => {
            let message = match error {
                ServerFnError::ServerError(message) => message,
                _ => "That could not be saved. Check your connection and try again.".to_owned(),
            };
            Some(view! { <p class="error-message" role="alert">{message}</p> })
        }
        _ => None,
    }
}

/// Radio buttons for the four roles.
#[component]
fn RolePicker(prefix: String, chosen: Role) -> impl IntoView {
    view! {
        <fieldset class="form-group choices">
            <legend class="label">"Role"</legend>
            {Role::ALL.into_iter().map(|role| {
                let id = format!("{prefix}-role-{}", role.as_str());
                view! {
                    <div class="choice">
                        <input type="radio" id=id.clone() name="role" value=role.as_str() checked=role == chosen />
                        <label for=id>{role.label()}</label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
    .into_any()
}

/// Checkboxes for every ward, grouped by site.
#[component]
fn WardPicker(prefix: String, wards: Vec<WardChoice>, chosen: Vec<String>) -> impl IntoView {
    view! {
        <fieldset class="form-group choices">
            <legend class="label">"Wards"</legend>
            <p class="hint">"Not for administrators. A manager sees every ward of the sites of their wards."</p>
            {wards.into_iter().map(|ward| {
                let id = format!("{prefix}-ward-{}", ward.id);
                let checked = chosen.contains(&ward.id);
                view! {
                    <div class="choice">
                        <input type="checkbox" id=id.clone() name="ward_ids[]" value=ward.id checked=checked />
                        <label for=id>{format!("{}, {}", ward.name, ward.site_name)}</label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
    .into_any()
}

/// The temporary password of the account just added, shown once.
#[component]
pub fn NewAccountNotice(create: ServerAction<CreateStaff>) -> impl IntoView {
    move || match create.value().get() {
        Some(Ok(password)) => Some(view! {
            <div class="notice" role="status">
                <p>"The account was added. Give this temporary password to the person in private; they choose their own when they first sign in:"</p>
                <p class="temporary-password">{password}</p>
            </div>
        }),
        _ => None,
    }
}

/// The form to add an account. Its action lives on the page, so that the
/// answer outlives the list being loaded again.
#[component]
pub fn AddStaffForm(wards: Vec<WardChoice>, create: ServerAction<CreateStaff>) -> impl IntoView {
    let value = create.value();
    // Emptied once the account is added, ready for the next.
    let form_ref = NodeRef::<leptos::html::Form>::new();
    reset_after(value, form_ref);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(form) = FormFields::of(&ev) else { return };
        create.dispatch(CreateStaff {
            username: form.text("username"),
            display_name: form.text("display_name"),
            role: form.text("role"),
            ward_ids: form.all("ward_ids[]"),
        });
    };
    view! {
        <details class="panel">
            <summary class="panel__summary">"Add a member of staff"</summary>
            <form action=CreateStaff::url() method="post" class="form" novalidate node_ref=form_ref on:submit=on_submit>
                <div class="form-group">
                    <label class="label" for="new-display-name">"Name"</label>
                    <input class="input" id="new-display-name" name="display_name" maxlength="80" autocomplete="off" required />
                </div>
                <div class="form-group">
                    <label class="label" for="new-username">"Username"</label>
                    <p class="hint" id="new-username-hint">"Letters, numbers, dots, dashes and underscores."</p>
                    <input class="input" id="new-username" name="username" maxlength="64" autocomplete="off"
                        autocapitalize="none" spellcheck="false" aria-describedby="new-username-hint" required />
                </div>
                <RolePicker prefix="new".to_owned() chosen=Role::PeerSupportWorker />
                <WardPicker prefix="new".to_owned() wards chosen=Vec::new() />
                {error_of(value)}
                <button class="button" type="submit">"Add account"</button>
            </form>
        </details>
    }
    .into_any()
}

#[component]
pub fn RoleAndWardsForm(
    person: StaffSummary,
    wards: Vec<WardChoice>,
    changed: RwSignal<u32>,
) -> impl IntoView {
    let save = ServerAction::<SetStaffAccess>::new();
    let value = save.value();
    reload_after(value, changed);
    let id = person.id.clone();
    let on_submit = {
        let id = id.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let Some(form) = FormFields::of(&ev) else { return };
            save.dispatch(SetStaffAccess {
                staff_id: id.clone(),
                role: form.text("role"),
                ward_ids: form.all("ward_ids[]"),
            });
        }
    };
    let prefix = format!("access-{}", person.id);
    view! {
        <details class="panel">
            <summary class="panel__summary">
                "Change role and wards" <span class="visually-hidden">{format!(" of {}", person.display_name)}</span>
            </summary>
            <form action=SetStaffAccess::url() method="post" class="form" novalidate on:submit=on_submit>
                <input type="hidden" name="staff_id" value=id />
                <RolePicker prefix=prefix.clone() chosen=person.role />
                <WardPicker prefix wards chosen=person.ward_ids.clone() />
                {error_of(value)}
                <button class="button" type="submit">"Save role and wards"</button>
            </form>
        </details>
    }
    .into_any()
}

#[component]
pub fn DeployForm(person: StaffSummary, wards: Vec<WardChoice>, changed: RwSignal<u32>) -> impl IntoView {
    let deploy = ServerAction::<DeployStaff>::new();
    let value = deploy.value();
    reload_after(value, changed);
    let id = person.id.clone();
    let on_submit = {
        let id = id.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let Some(form) = FormFields::of(&ev) else { return };
            deploy.dispatch(DeployStaff {
                staff_id: id.clone(),
                ward_id: form.text("ward_id"),
                starts: form.text("starts"),
                ends: form.text("ends"),
            });
        }
    };
    let p = format!("deploy-{}", person.id);
    let (ward_id, starts_id, ends_id, hint_id) =
        (format!("{p}-ward"), format!("{p}-starts"), format!("{p}-ends"), format!("{p}-ends-hint"));
    view! {
        <details class="panel">
            <summary class="panel__summary">
                "Deploy for a shift" <span class="visually-hidden">{format!(" – {}", person.display_name)}</span>
            </summary>
            <form action=DeployStaff::url() method="post" class="form" novalidate on:submit=on_submit>
                <input type="hidden" name="staff_id" value=id />
                <div class="form-group">
                    <label class="label" for=ward_id.clone()>"Ward"</label>
                    <select class="input" id=ward_id name="ward_id">
                        {wards.into_iter().map(|ward| view! {
                            <option value=ward.id>{format!("{}, {}", ward.name, ward.site_name)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="form-group">
                    <label class="label" for=starts_id.clone()>"Shift starts (UK time)"</label>
                    <input class="input" id=starts_id type="datetime-local" name="starts" required />
                </div>
                <div class="form-group">
                    <label class="label" for=ends_id.clone()>"Shift ends (UK time)"</label>
                    <p class="hint" id=hint_id.clone()>"Leave empty to end at midnight. At most 13 hours."</p>
                    <input class="input" id=ends_id type="datetime-local" name="ends" aria-describedby=hint_id />
                </div>
                {error_of(value)}
                <button class="button" type="submit">"Deploy"</button>
            </form>
        </details>
    }
    .into_any()
}
