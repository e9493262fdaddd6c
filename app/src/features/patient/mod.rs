//! A patient's page: who they are and where, the start of their record.

mod addendum_form;
mod bed;
mod contact_choices;
mod get_patient;
mod get_patient_audit;
mod move_ward;
mod patient_audit_page;
mod patient_page;
mod record_session;
mod session_details;
mod timeline;

pub use addendum_form::AddendumForm;
pub use bed::Bed;
pub use get_patient::get_patient;
pub use get_patient_audit::get_patient_audit;
pub use move_ward::{move_patient, MoveWard};
pub use patient_audit_page::PatientAuditPage;
pub use patient_page::PatientPage;
pub use record_session::RecordSession;
pub use session_details::SessionDetails;
pub use timeline::{kept_on_this_phone, StateTag, Timeline};

crate::features::lazy_page!(
    /// `/patients/:id/audit`, loaded only when a manager reads a trail.
    PatientAuditRoute => PatientAuditPage
);

/// `/patients/:id` and `/plan/:id`: a person's record (details, the contact
/// form, the timeline, the plan as staff read it) and their recovery plan
/// on the ward tablet. One download of their own for both (the service
/// worker keeps it for offline use from the first visit on, see
/// `public/sw.js`): split apart, the plan's code both pages use landed in
/// everyone's main download.
pub struct PatientRoute;

#[leptos_router::lazy_route]
impl leptos_router::LazyRoute for PatientRoute {
    fn data() -> Self {
        PatientRoute
    }

    fn view(_this: Self) -> leptos::prelude::AnyView {
        use leptos::prelude::*;
        view! { <PatientOrPlan /> }.into_any()
    }
}

#[leptos::component]
fn PatientOrPlan() -> impl leptos::IntoView {
    use leptos::prelude::*;
    let location = leptos_router::hooks::use_location();
    let plan = move || location.pathname.with(|p| p.starts_with("/plan/"));
    move || {
        if plan() {
            view! { <crate::features::plan::PlanPage /> }.into_any()
        } else {
            view! { <PatientPage /> }.into_any()
        }
    }
}
