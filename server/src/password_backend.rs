//! Changing one's own password: the current one checked like a sign-in,
//! the new one hashed and stored, and the person's other sessions ended.

use crate::backend::StoreBackend;
use crate::store::{AuditAction, AuditEvent};
use app::backend::SessionKey;
use app::domain::password_rules::{ChangePasswordError, NewPassword};
use app::domain::SignedIn;

impl StoreBackend {
    pub(crate) async fn change_own_password(
        &self,
        user: &SignedIn,
        current: String,
        new: NewPassword,
        keep: &SessionKey,
    ) -> Result<(), ChangePasswordError> {
        let stored = self.0.password_hash(&user.staff_id).await?.ok_or(ChangePasswordError::Unavailable)?;
        // The current password is checked like a sign-in: counted first
        // against the account's limits (a stolen session cannot guess it
        // freely), then checked in turn with every other password check.
        let now = chrono::Utc::now();
        let reserved = self.0.reserve_sign_in(&user.username, "password-change", now).await?;
        let before = &reserved.before;
        let wait = crate::auth::wait_before(
            &before.by_pair,
            &before.by_address,
            &before.by_username,
            chrono::Utc::now(),
        );
        if let Some(wait) = wait {
            let _ = self.0.forget_sign_in_attempt(reserved.id).await;
            return Err(ChangePasswordError::TooManyAttempts { minutes: crate::auth::whole_minutes(wait) });
        }
        let matches = if current.len() > 1024 { Some(false) } else { self.1.check(current, stored).await };
        match matches {
            Some(true) => {}
            Some(false) => return Err(ChangePasswordError::WrongCurrent),
            None => {
                let _ = self.0.forget_sign_in_attempt(reserved.id).await;
                return Err(ChangePasswordError::Unavailable);
            }
        }
        let _ = self.0.forget_sign_in_attempt(reserved.id).await;
        let hash = crate::auth::hash_off_thread(new.expose().to_owned()).await?;
        self.0.set_password(&user.staff_id, &hash, false).await?;
        // Anyone else signed in as this person (a lost phone, a shared
        // password) is signed out now.
        self.0.end_other_sessions(&user.staff_id, &keep.0).await?;
        let event = AuditEvent::new(AuditAction::ChangedPassword, &user.username).by(&user.staff_id);
        self.audit(event).await?;
        Ok(())
    }
}
