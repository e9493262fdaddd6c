//! The shifts on the home page: a PSW's own, to check in and out of; the
//! reports on a nurse in charge's wards, to mark received.

use crate::backend::StoreBackend;
use app::domain::patient::RecordError;
use app::domain::shift_home::{ShiftHome, SHOWN_FOR_MS};
use app::domain::{Role, SignedIn};

impl StoreBackend {
    pub(crate) async fn shifts_for_home(
        &self,
        user: &SignedIn,
        close_hour: u32,
    ) -> Result<ShiftHome, RecordError> {
        let since = chrono::Utc::now() - chrono::Duration::milliseconds(SHOWN_FOR_MS);
        let shifts = match user.role {
            Role::PeerSupportWorker => self.0.home_shifts(Some(&user.staff_id), &[], since).await,
            Role::NurseInCharge => {
                // Their own wards, and a ward they are deployed to today.
                let reach = self.0.reach(&user.staff_id, user.role, chrono::Utc::now()).await?;
                self.0.home_shifts(None, &reach.ward_ids, since).await
            }
            Role::Manager | Role::Admin => return Ok(ShiftHome::default()),
        }?;
        Ok(ShiftHome {
            checks_in: user.role == Role::PeerSupportWorker,
            receives_reports: user.role == Role::NurseInCharge,
            close_hour,
            shifts,
        })
    }
}
