//! `/admin/phones`: each phone or tablet, who used it last and when, and a way to
//! report it lost: whoever is signed in on it is signed out at once, and it
//! wipes what Alongside keeps on it the next time it reaches the server.

use crate::domain::phones::Phone;
use crate::domain::uk_time::friendly;
use crate::features::account::StaffHeader;
use crate::features::admin::{error_of, reload_after};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[cfg(feature = "ssr")]
fn refused(e: crate::domain::phones::PhoneError) -> ServerFnError {
    crate::backend::set_status(e.status());
    ServerFnError::new(e.to_string())
}

#[server(endpoint = "list_phones")]
pub async fn list_phones() -> Result<Vec<Phone>, ServerFnError> {
    use crate::backend::{backend, signed_in};
    let me = signed_in().await?;
    backend()?.0.phones(&me).await.map_err(refused)
}

/// Reports a device lost: its sessions end now, and it wipes itself when it
/// next reaches the server.
#[server(endpoint = "report_lost_phone")]
pub async fn report_lost_phone(device_id: String) -> Result<(), ServerFnError> {
    use crate::backend::{backend, signed_in};
    let me = signed_in().await?;
    backend()?.0.report_lost_phone(&me, &device_id).await.map_err(refused)
}

#[component]
pub fn PhonesPage() -> impl IntoView {
    // Bumped by a report, to load the list again.
    let changed = RwSignal::new(0u32);
    let phones = Resource::new_blocking(move || changed.get(), |_| list_phones());
    view! {
        <Title text="Phones and tablets" />
        <StaffHeader />
        <main id="main" class="page">
            <h1>"Phones and tablets"</h1>
            <p class="lede">
                "Each one Alongside was used on, latest first. Report a lost or stolen one here."
            </p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || {
                    phones.get().map(|result| match result {
                        Ok(list) => view! {
                            <h2>{counted(list.len())}</h2>
                            <ul class="resource-list">
                                {list.into_iter().map(|phone| view! { <PhoneItem phone changed /> }).collect_view()}
                            </ul>
                        }
                        .into_any(),
                        Err(ServerFnError::ServerError(message)) => {
                            view! { <p class="lede" role="alert">{message}</p> }.into_any()
                        }
                        Err(_) => view! { <p role="alert">"The list of phones could not be loaded."</p> }.into_any(),
                    })
                }}
            </Suspense>
        </main>
    }
}

fn counted(count: usize) -> String {
    match count {
        0 => "No phones or tablets yet: they are listed once someone signs in on them".into(),
        1 => "1 phone or tablet".into(),
        n => format!("{n} phones and tablets"),
    }
}

#[component]
fn PhoneItem(phone: Phone, changed: RwSignal<u32>) -> impl IntoView {
    let title = format!("{} used by {}", phone.kind, phone.used_by);
    // Names, to a screen reader, the phone a report button is for.
    let title_id = format!("phone-{}", phone.id);
    let seen = format!("Last used {} · first used {}", friendly(phone.last_seen), friendly(phone.first_seen));
    let state = match &phone.lost {
        Some(lost) => {
            let wiped = match lost.wiped_at {
                Some(at) => format!("It reached the server at {} and was wiped.", friendly(at)),
                None => "It wipes itself the next time it reaches the network.".to_owned(),
            };
            view! {
                <p class="phone__lost" role="status">
                    <strong>{format!("Reported lost by {} at {}.", lost.by, friendly(lost.at))}</strong>
                    " "{wiped}
                </p>
            }
            .into_any()
        }
        None => view! { <ReportLost id=phone.id.clone() title_id=title_id.clone() changed /> }.into_any(),
    };
    view! {
        <li class="resource" data-device=phone.id.clone()>
            <h3 class="resource__name" id=title_id>{title}</h3>
            <p>{seen}</p>
            {state}
        </li>
    }
}

/// Asks before reporting: the phone's unsent notes are lost with it.
#[component]
fn ReportLost(id: String, title_id: String, changed: RwSignal<u32>) -> impl IntoView {
    let report = ServerAction::<ReportLostPhone>::new();
    reload_after(report.value(), changed);
    let device_id = id.clone();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        report.dispatch(ReportLostPhone { device_id: device_id.clone() });
    };
    view! {
        <details class="panel">
            <summary class="panel__summary">"Report lost"</summary>
            <form action=ReportLostPhone::url() method="post" class="form" on:submit=on_submit>
                <input type="hidden" name="device_id" value=id />
                <p>
                    "Whoever is signed in on it is signed out now. When it next reaches the network it wipes everything Alongside kept on it, including notes it has not sent yet."
                </p>
                {error_of(report.value())}
                <button class="button button--warning" type="submit" aria-describedby=title_id>
                    "Report this phone lost"
                </button>
            </form>
        </details>
    }
}
