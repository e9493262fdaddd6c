//! The administrators' part of the [`app::backend::Backend`] port: staff
//! accounts. Every call is judged by the access rule first.

use crate::backend::StoreBackend;
use crate::store::{AuditAction, AuditEvent, StoreError};
use app::domain::access::{decide, Action, Decision, Reach, NOT_YOURSELF};
use app::domain::patient::RecordError;
use app::domain::staff::StaffSummary;
use app::domain::SignedIn;
use rand::Rng;

fn unavailable(e: StoreError) -> RecordError {
    tracing::error!(error = %e, "staff administration failed");
    RecordError::Unavailable
}

fn may_administer(user: &SignedIn) -> Result<(), RecordError> {
    match decide(user.role, &Reach::default(), Action::Administer, None) {
        Decision::Allowed => Ok(()),
        Decision::Denied(reason) => Err(RecordError::Denied(reason)),
    }
}

/// Sixteen random letters and digits in four groups: easy to read out, and
/// used only once.
fn temporary_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rngs::OsRng;
    (0..4)
        .map(|_| (0..4).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

impl StoreBackend {
    pub(crate) async fn staff_list(&self, user: &SignedIn) -> Result<Vec<StaffSummary>, RecordError> {
        may_administer(user)?;
        self.0.staff_summaries().await.map_err(unavailable)
    }

    pub(crate) async fn set_active(
        &self,
        user: &SignedIn,
        staff_id: &str,
        active: bool,
    ) -> Result<(), RecordError> {
        may_administer(user)?;
        if staff_id == user.staff_id && !active {
            return Err(RecordError::Denied(NOT_YOURSELF));
        }
        if !self.0.set_staff_active_by_id(staff_id, active).await.map_err(unavailable)? {
            return Err(RecordError::NotFound);
        }
        let action = if active { AuditAction::ReactivatedAccount } else { AuditAction::DeactivatedAccount };
        let event = AuditEvent::new(action, &user.username).by(&user.staff_id).with_detail(staff_id);
        self.audit(event).await.map_err(|_| RecordError::Unavailable)
    }

    pub(crate) async fn reset_password(
        &self,
        user: &SignedIn,
        staff_id: &str,
    ) -> Result<String, RecordError> {
        may_administer(user)?;
        if self.0.password_hash(staff_id).await.map_err(unavailable)?.is_none() {
            return Err(RecordError::NotFound);
        }
        let temporary = temporary_password();
        let to_hash = temporary.clone();
        let hash = tokio::task::spawn_blocking(move || crate::auth::hash_password(&to_hash))
            .await
            .map_err(|_| RecordError::Unavailable)?
            .map_err(|_| RecordError::Unavailable)?;
        self.0.set_password(staff_id, &hash, true).await.map_err(unavailable)?;
        self.0.end_sessions_of(staff_id).await.map_err(unavailable)?;
        let event = AuditEvent::new(AuditAction::ResetPassword, &user.username)
            .by(&user.staff_id)
            .with_detail(staff_id);
        self.audit(event).await.map_err(|_| RecordError::Unavailable)?;
        Ok(temporary)
    }
}

#[cfg(test)]
mod tests {
    use super::temporary_password;

    #[test]
    fn a_temporary_password_meets_the_rules_and_is_new_each_time() {
        let a = temporary_password();
        assert_eq!(a.len(), 19);
        assert!(app::domain::password_rules::NewPassword::parse(&a, "psw").is_ok());
        assert_ne!(a, temporary_password());
    }
}
