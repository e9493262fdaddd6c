//! The *Phones and tablets* part of the [`app::backend::Backend`] port: the
//! devices the app was used on and *Report a lost phone*, for managers (the
//! staff of their sites) and administrators (everyone). Judged by the access
//! rule; every report is on the audit trail.

use crate::backend::StoreBackend;
use crate::store::{AuditAction, AuditEvent, Reported};
use app::domain::access::{decide, Action, Decision, Reach};
use app::domain::phones::{is_device_id, Phone, PhoneError};
use app::domain::{Role, SignedIn};
use chrono::Utc;

impl StoreBackend {
    /// The wards whose staff's devices `user` may see: `None` for everyone's
    /// (an administrator), else every ward of a manager's sites.
    async fn phone_wards(&self, user: &SignedIn) -> Result<Option<Vec<String>>, PhoneError> {
        if let Decision::Denied(reason) = decide(user.role, &Reach::default(), Action::ReportLostPhone, None)
        {
            return Err(PhoneError::Denied(reason));
        }
        if user.role == Role::Admin {
            return Ok(None);
        }
        let reach = self.0.reach(&user.staff_id, user.role, Utc::now()).await?;
        Ok(Some(reach.ward_ids))
    }

    pub(crate) async fn phone_list(&self, user: &SignedIn) -> Result<Vec<Phone>, PhoneError> {
        let wards = self.phone_wards(user).await?;
        self.0.phones(wards.as_deref()).await.map_err(Into::into)
    }

    pub(crate) async fn lost_phone(&self, user: &SignedIn, device_id: &str) -> Result<(), PhoneError> {
        let wards = self.phone_wards(user).await?;
        if !is_device_id(device_id) {
            return Err(PhoneError::NoSuchPhone);
        }
        let now = Utc::now();
        match self.0.report_lost(device_id, &user.staff_id, wards.as_deref(), now).await? {
            Reported::NoSuchPhone => Err(PhoneError::NoSuchPhone),
            Reported::AlreadyReported => Err(PhoneError::AlreadyReported),
            Reported::Lost { sessions_ended } => {
                let detail = format!("device {device_id}; {sessions_ended} signed-in session(s) ended");
                let event = AuditEvent::new(AuditAction::ReportedLostPhone, &user.username)
                    .by(&user.staff_id)
                    .with_detail(&detail);
                self.audit_or_log(event).await;
                Ok(())
            }
        }
    }
}
