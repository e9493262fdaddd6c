//! The server function behind a patient's audit trail page.

use crate::domain::patient::AuditLine;
use leptos::prelude::*;

/// Who has opened (or been refused) this patient's record, newest first.
/// Managers of the patient's site only; reading it is itself recorded.
#[server(endpoint = "get_patient_audit")]
pub async fn get_patient_audit(id: String) -> Result<Vec<AuditLine>, ServerFnError> {
    use crate::backend::{backend, set_status, signed_in};
    let me = signed_in().await?;
    backend()?.0.patient_audit(&me, &id).await.map_err(|e| {
        set_status(e.status());
        ServerFnError::new(e.to_string())
    })
}
