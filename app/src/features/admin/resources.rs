//! `/admin/resources`: the community resources directory that peer support
//! workers signpost people to. Administrators add a resource or take one off
//! the list; the contact form offers what is listed.

use super::staff_forms::{error_of, reload_after, reset_after};
use crate::domain::resources::Resource as Listed;
use crate::features::account::StaffHeader;
use crate::ui::FormFields;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[server(endpoint = "list_resources")]
pub async fn list_resources() -> Result<Vec<Listed>, ServerFnError> {
    use crate::backend::{backend, signed_in};
    let me = signed_in().await?;
    backend()?.0.directory(&me).await.map_err(super::manage_staff::refused)
}

/// Lists a new resource.
#[server(endpoint = "add_resource")]
pub async fn add_resource(
    name: String,
    offers: String,
    #[server(default)] contact: String,
) -> Result<(), ServerFnError> {
    use crate::backend::{backend, signed_in};
    use crate::domain::resources::NewResource;
    let me = signed_in().await?;
    let new = NewResource::parse(&name, &offers, &contact);
    backend()?.0.add_resource(&me, new).await.map_err(super::manage_staff::refused)
}

/// Takes a resource off the list; contacts that named it keep the name.
#[server(endpoint = "retire_resource")]
pub async fn retire_resource(id: String) -> Result<(), ServerFnError> {
    use crate::backend::{backend, signed_in};
    let me = signed_in().await?;
    backend()?.0.retire_resource(&me, &id).await.map_err(super::manage_staff::refused)
}

#[component]
pub fn ResourcesPage() -> impl IntoView {
    // Bumped by any form that changed something, to load the list again.
    let changed = RwSignal::new(0u32);
    let listed = Resource::new_blocking(move || changed.get(), |_| list_resources());
    let add = ServerAction::<AddResource>::new();
    reload_after(add.value(), changed);
    view! {
        <Title text="Community resources" />
        <StaffHeader />
        <main id="main" class="page">
            <h1>"Community resources"</h1>
            <p class="lede">
                "Services and groups peer support workers can signpost people to. The contact form offers each one listed here; anything else can still be typed."
            </p>
            <p><a href="/admin/staff">"Staff accounts"</a></p>
            <AddResourceForm add />
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || {
                    listed.get().map(|result| match result {
                        Ok(list) => view! {
                            <h2>{listed_count(list.len())}</h2>
                            <ul class="resource-list">
                                {list.into_iter().map(|resource| view! { <ResourceItem resource changed /> }).collect_view()}
                            </ul>
                        }
                        .into_any(),
                        Err(ServerFnError::ServerError(message)) => {
                            view! { <p class="lede" role="alert">{message}</p> }.into_any()
                        }
                        Err(_) => view! { <p role="alert">"The directory could not be loaded."</p> }.into_any(),
                    })
                }}
            </Suspense>
        </main>
    }
}

fn listed_count(count: usize) -> String {
    match count {
        0 => "Nothing listed yet".into(),
        1 => "1 resource listed".into(),
        n => format!("{n} resources listed"),
    }
}

#[component]
fn AddResourceForm(add: ServerAction<AddResource>) -> impl IntoView {
    let value = add.value();
    let form_ref = NodeRef::<leptos::html::Form>::new();
    reset_after(value, form_ref);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(form) = FormFields::of(&ev) else { return };
        add.dispatch(AddResource {
            name: form.text("name"),
            offers: form.text("offers"),
            contact: form.text("contact"),
        });
    };
    view! {
        <details class="panel">
            <summary class="panel__summary">"Add a resource"</summary>
            <form action=AddResource::url() method="post" class="form" novalidate node_ref=form_ref on:submit=on_submit>
                <div class="form-group">
                    <label class="label" for="resource-name">"Name"</label>
                    <p class="hint" id="resource-name-hint">"As PSWs and patients know it, such as “Harbour Recovery College”."</p>
                    <input class="input" id="resource-name" name="name" maxlength="200" autocomplete="off"
                        aria-describedby="resource-name-hint" required />
                </div>
                <div class="form-group">
                    <label class="label" for="resource-offers">"What it offers"</label>
                    <textarea class="textarea" id="resource-offers" name="offers" rows="2" maxlength="300" required></textarea>
                </div>
                <div class="form-group">
                    <label class="label" for="resource-contact">"How to reach it (optional)"</label>
                    <input class="input" id="resource-contact" name="contact" maxlength="200" autocomplete="off" />
                </div>
                {error_of(value)}
                <button class="button" type="submit">"Add resource"</button>
            </form>
        </details>
    }
    .into_any()
}

#[component]
fn ResourceItem(resource: Listed, changed: RwSignal<u32>) -> impl IntoView {
    let retire = ServerAction::<RetireResource>::new();
    reload_after(retire.value(), changed);
    let id = resource.id.clone();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        retire.dispatch(RetireResource { id: id.clone() });
    };
    view! {
        <li class="resource">
            <h3 class="resource__name">{resource.name.clone()}</h3>
            <p>{resource.offers}</p>
            {(!resource.contact.is_empty()).then(|| view! { <p class="resource__contact">{resource.contact}</p> })}
            <form action=RetireResource::url() method="post" on:submit=on_submit>
                <input type="hidden" name="id" value=resource.id />
                {error_of(retire.value())}
                <button class="button button--secondary button--small" type="submit"
                    aria-label=format!("Take {} off the list", resource.name)>
                    "Take off the list"
                </button>
            </form>
        </li>
    }
    .into_any()
}
