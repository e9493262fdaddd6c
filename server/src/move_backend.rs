//! Moving a patient to another ward: the nurse in charge of the ward they
//! are on sends them on, and the wards' devices hear of it through the op
//! log (see [`Store::move_patient`](crate::store::Store::move_patient)).

use crate::backend::StoreBackend;
use crate::store::{AuditAction, AuditEvent};
use app::domain::access::Action;
use app::domain::patient::RecordError;
use app::domain::SignedIn;

pub const CHOOSE_A_WARD: &str = "Choose the ward they are moving to.";
pub const SAME_WARD: &str = "They are on that ward already.";
pub const NO_SUCH_WARD: &str = "There is no such ward. Choose one from the list.";

impl StoreBackend {
    /// Judged like every patient request (a refusal goes on the trail),
    /// then checked, then done; the move goes on the trail only once made.
    pub(crate) async fn transfer(
        &self,
        user: &SignedIn,
        id: &str,
        to_ward_id: &str,
    ) -> Result<String, RecordError> {
        let (placed, _) = self.judge(user, id, Action::TransferPatient, None).await?;
        let to_ward_id = to_ward_id.trim();
        if to_ward_id.is_empty() {
            return Err(RecordError::Invalid(CHOOSE_A_WARD));
        }
        if to_ward_id == placed.ward_id {
            return Err(RecordError::Invalid(SAME_WARD));
        }
        let wards = self.0.ward_choices().await?;
        let Some(ward) = wards.into_iter().find(|w| w.id == to_ward_id) else {
            return Err(RecordError::Invalid(NO_SUCH_WARD));
        };
        let now = chrono::Utc::now();
        if !self.0.move_patient(id, to_ward_id, &user.staff_id, now).await? {
            // Discharged or moved by someone else since it was judged.
            return Err(RecordError::NotFound);
        }
        let event = AuditEvent::new(AuditAction::MovedPatient, &user.username)
            .by(&user.staff_id)
            .about_patient(id, Some(&placed.ward_id))
            .with_detail(&format!("to {to_ward_id}"));
        // The move is made; a trail that cannot be written is logged, not
        // reported as a failed move.
        self.audit_or_log(event).await;
        Ok(format!("{} is now on {}, {}.", placed.record.preferred_name, ward.name, ward.site_name))
    }
}
