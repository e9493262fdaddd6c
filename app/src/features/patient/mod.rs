//! A patient's page: who they are and where, the start of their record.

mod addendum_form;
mod get_patient;
mod get_patient_audit;
mod patient_audit_page;
mod patient_page;
mod record_session;
mod timeline;

pub use addendum_form::AddendumForm;
pub use get_patient::get_patient;
pub use get_patient_audit::get_patient_audit;
pub use patient_audit_page::PatientAuditPage;
pub use patient_page::PatientPage;
pub use record_session::RecordSession;
pub use timeline::Timeline;

crate::features::lazy_page!(
    /// `/patients/:id/audit`, loaded only when a manager reads a trail.
    PatientAuditRoute => PatientAuditPage
);
