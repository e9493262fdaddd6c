//! `/patients/:id/audit`: who has looked at a patient's record.

use super::get_patient_audit;
use crate::domain::patient::AuditLine;
use crate::features::account::StaffHeader;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn PatientAuditPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let lines = Resource::new_blocking(id, get_patient_audit);

    view! {
        <Title text="Audit trail" />
        <StaffHeader />
        <main id="main" class="page">
            <p><a class="back-link" href=move || format!("/patients/{}", id())>"Back to the record"</a></p>
            <h1>"Who has looked at this record"</h1>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || {
                    lines.get().map(|result| match result {
                        Ok(lines) if lines.is_empty() => view! { <p>"Nobody has opened this record yet."</p> }.into_any(),
                        Ok(lines) => view! { <AuditTable lines /> }.into_any(),
                        Err(ServerFnError::ServerError(message)) => {
                            view! { <p class="lede" role="alert">{message}</p> }.into_any()
                        }
                        Err(_) => view! { <p role="alert">"The audit trail could not be loaded."</p> }.into_any(),
                    })
                }}
            </Suspense>
        </main>
    }
}

#[component]
fn AuditTable(lines: Vec<AuditLine>) -> impl IntoView {
    view! {
        <div class="table-scroll" role="region" aria-label="Audit trail" tabindex="0">
            <table class="table">
                <caption class="visually-hidden">"Newest first"</caption>
                <thead>
                    <tr>
                        <th scope="col">"When (UTC)"</th>
                        <th scope="col">"Who"</th>
                        <th scope="col">"What"</th>
                        <th scope="col">"Device"</th>
                    </tr>
                </thead>
                <tbody>
                    {lines
                        .into_iter()
                        .map(|line| {
                            view! {
                                <tr>
                                    <td>{line.at}</td>
                                    <td>{line.who}</td>
                                    <td>{line.what}</td>
                                    <td>{line.device}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
