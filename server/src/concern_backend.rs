//! The concerns on a home page, chosen by who is looking: the nurse in
//! charge sees those waiting for them, a manager those waiting on their
//! sites' wards, a PSW their own.

use crate::backend::StoreBackend;
use app::domain::concern::{ConcernList, HomeConcerns};
use app::domain::patient::RecordError;
use app::domain::{Role, SignedIn};

/// A PSW's home keeps their concerns this long after raising them (and any
/// still waiting for the nurse, however old), so they see the answer.
const OWN_CONCERNS_DAYS: i64 = 7;

impl StoreBackend {
    pub(crate) async fn concerns_for_home(
        &self,
        user: &SignedIn,
        escalate_after_min: u32,
    ) -> Result<HomeConcerns, RecordError> {
        let failed = |e: crate::store::StoreError| {
            tracing::error!(error = %e, "concern lookup failed");
            RecordError::Unavailable
        };
        let now = chrono::Utc::now();
        let reach = self.0.reach(&user.staff_id, user.role, now).await.map_err(failed)?;
        let (list, concerns) = match user.role {
            Role::NurseInCharge => {
                (ConcernList::ToAcknowledge, self.0.open_concerns(&reach.ward_ids).await.map_err(failed)?)
            }
            Role::Manager => {
                (ConcernList::Waiting, self.0.open_concerns(&reach.ward_ids).await.map_err(failed)?)
            }
            Role::PeerSupportWorker => {
                let since = now - chrono::Duration::days(OWN_CONCERNS_DAYS);
                let own = self.0.concerns_raised_by(&user.staff_id, since).await.map_err(failed)?;
                (ConcernList::RaisedByMe, own)
            }
            Role::Admin => (ConcernList::None, Vec::new()),
        };
        Ok(HomeConcerns { list, concerns, escalate_after_min })
    }
}
