//! The caseload: the patients on the wards someone works on, judged by the
//! access rule and put on the audit trail.

use crate::backend::StoreBackend;
use crate::store::{AuditAction, AuditEvent};
use app::domain::access::{decide, Action, Decision};
use app::domain::patient::RecordError;
use app::domain::{Role, SignedIn, WardCaseload};

impl StoreBackend {
    pub(crate) async fn caseload_for(&self, user: &SignedIn) -> Result<Vec<WardCaseload>, RecordError> {
        let reach = self.0.reach(&user.staff_id, user.role, chrono::Utc::now()).await?;
        if let Decision::Denied(reason) = decide(user.role, &reach, Action::ViewCaseload, None) {
            return Err(RecordError::Denied(reason));
        }
        self.audit(AuditEvent::new(AuditAction::ViewedCaseload, &user.username).by(&user.staff_id)).await?;
        let mut wards = self.0.caseload(&reach.ward_ids).await?;
        // Those who record groups name the colleagues who ran them too.
        if matches!(user.role, Role::PeerSupportWorker | Role::NurseInCharge) {
            let now = chrono::Utc::now();
            let mut colleagues = self.0.ward_colleagues(&reach.ward_ids, &user.staff_id, now).await?;
            for ward in &mut wards {
                ward.colleagues = colleagues.remove(&ward.ward_id).unwrap_or_default();
            }
        }
        Ok(wards)
    }
}
