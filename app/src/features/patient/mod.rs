//! A patient's page: who they are and where, the start of their record.

mod get_patient;
mod patient_page;

pub use get_patient::get_patient;
pub use patient_page::PatientPage;
