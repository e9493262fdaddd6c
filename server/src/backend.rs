//! The app's [`Backend`] port, served by the store and judged by the one
//! access rule ([`app::domain::access::decide`]).

use crate::store::{AuditAction, AuditEvent, Store};
use app::backend::{Backend, BoxFuture};
use app::domain::access::{decide, Action, Decision, Place};
use app::domain::patient::{PatientRecord, RecordError};
use app::domain::{SignedIn, WardCaseload};

pub struct StoreBackend(pub Store);

impl StoreBackend {
    /// Writes to the trail; viewing patient data is always on the record, so
    /// a trail that cannot be written means no data.
    async fn audit(&self, event: AuditEvent) -> Result<(), ()> {
        self.0.record_audit(&event).await.map_err(|e| {
            tracing::error!(error = %e, "could not write the audit trail");
        })
    }
}

impl Backend for StoreBackend {
    fn caseload<'a>(&'a self, user: &'a SignedIn) -> BoxFuture<'a, Result<Vec<WardCaseload>, RecordError>> {
        Box::pin(async move {
            let unavailable = || RecordError::Unavailable;
            let reach = self
                .0
                .reach(&user.staff_id, user.role, chrono::Utc::now())
                .await
                .map_err(|_| unavailable())?;
            if let Decision::Denied(reason) = decide(user.role, &reach, Action::ViewCaseload, None) {
                return Err(RecordError::Denied(reason));
            }
            self.audit(AuditEvent::new(AuditAction::ViewedCaseload, &user.username).by(&user.staff_id))
                .await
                .map_err(|_| unavailable())?;
            self.0.caseload(&reach.ward_ids).await.map_err(|e| {
                tracing::error!(error = %e, "caseload query failed");
                unavailable()
            })
        })
    }

    fn patient<'a>(
        &'a self,
        user: &'a SignedIn,
        id: &'a str,
    ) -> BoxFuture<'a, Result<PatientRecord, RecordError>> {
        Box::pin(async move {
            let log = |e: crate::store::StoreError| {
                tracing::error!(error = %e, "patient lookup failed");
                RecordError::Unavailable
            };
            let reach = self.0.reach(&user.staff_id, user.role, chrono::Utc::now()).await.map_err(log)?;
            let placed = self.0.placed_patient(id).await.map_err(log)?;
            let place = placed.as_ref().map(|p| Place { ward_id: &p.ward_id, site_id: &p.site_id });
            // Judge the role before existence, so that an admin learns nothing
            // about which patient ids exist.
            let decision = decide(user.role, &reach, Action::ViewPatientRecord, place);
            let event = AuditEvent::new(AuditAction::ViewedPatient, &user.username)
                .by(&user.staff_id)
                .about_patient(id, placed.as_ref().map(|p| p.ward_id.as_str()));
            match (decision, placed) {
                (Decision::Denied(reason), _) => {
                    let event = AuditEvent { action: AuditAction::AccessDenied.as_str().into(), ..event };
                    let _ = self.audit(event.with_detail(reason)).await;
                    Err(RecordError::Denied(reason))
                }
                (Decision::Allowed, None) => Err(RecordError::NotFound),
                (Decision::Allowed, Some(placed)) => {
                    self.audit(event).await.map_err(|_| RecordError::Unavailable)?;
                    Ok(placed.record)
                }
            }
        })
    }
}
