//! The server function behind a patient's page.

use crate::domain::patient::PatientRecord;
use leptos::prelude::*;

/// One patient's record, if the signed-in member of staff may see it. The
/// answer's status says why not: 403 not on your wards, 404 no such patient.
#[server(endpoint = "get_patient")]
pub async fn get_patient(id: String) -> Result<PatientRecord, ServerFnError> {
    use crate::backend::{backend, set_status, signed_in};
    let me = signed_in().await?;
    let settings = use_context::<crate::backend::ConcernSettings>().unwrap_or_default();
    let record = backend()?.0.patient(&me, &id).await.map_err(|e| {
        set_status(e.status());
        ServerFnError::new(e.to_string())
    })?;
    Ok(PatientRecord { escalate_after_min: settings.escalate_after_min, ..record })
}
