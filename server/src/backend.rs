//! The app's [`Backend`] port, served by the store.

use crate::store::{AuditAction, AuditEvent, Store};
use app::backend::{Backend, BackendError, BoxFuture};
use app::domain::{SignedIn, WardCaseload};

pub struct StoreBackend(pub Store);

impl Backend for StoreBackend {
    fn caseload<'a>(&'a self, user: &'a SignedIn) -> BoxFuture<'a, Result<Vec<WardCaseload>, BackendError>> {
        Box::pin(async move {
            let unavailable = || {
                BackendError("the server could not read the caseload just now. Try again in a minute.".into())
            };
            // Viewing patient data is always on the record: no trail, no data.
            let event = AuditEvent::new(AuditAction::ViewedCaseload, &user.username).by(&user.staff_id);
            self.0.record_audit(&event).await.map_err(|e| {
                tracing::error!(error = %e, "could not write the audit trail");
                unavailable()
            })?;
            self.0.caseload(&user.staff_id).await.map_err(|e| {
                tracing::error!(error = %e, "caseload query failed");
                unavailable()
            })
        })
    }
}
