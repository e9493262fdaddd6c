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

crate::features::lazy_page!(
    /// `/patients/:id`: the record, the session form and the timeline, in a
    /// download of their own (the service worker keeps it for offline use
    /// from the first visit on, see `public/sw.js`).
    PatientRoute => PatientPage
);
