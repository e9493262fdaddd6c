//! The administrators' part of the [`app::backend::Backend`] port: staff
//! accounts, their roles and wards, and deployments for a shift. Every call
//! is judged by the access rule first and written to the audit trail.

use crate::auth::deployment::ShiftWindow;
use crate::backend::StoreBackend;
use crate::store::{AuditAction, AuditEvent, DirectoryWriteError, StaffWriteError};
use app::domain::access::{decide, Action, Decision, Reach, NOT_YOURSELF};
use app::domain::resources::{NewResource, Resource, ResourceFormError};
use app::domain::staff::{AdminError, DeploymentLine, NewStaff, StaffAccess, StaffDirectory, StaffFormError};
use app::domain::SignedIn;
use chrono::Utc;
use rand::Rng;

impl From<StaffWriteError> for AdminError {
    fn from(e: StaffWriteError) -> Self {
        match e {
            StaffWriteError::UsernameTaken => StaffFormError::UsernameTaken.into(),
            StaffWriteError::UnknownWard => StaffFormError::UnknownWard.into(),
            StaffWriteError::NoSuchAccount => AdminError::NoSuchAccount,
            StaffWriteError::Store(e) => e.into(),
        }
    }
}

fn may_administer(user: &SignedIn) -> Result<(), AdminError> {
    match decide(user.role, &Reach::default(), Action::Administer, None) {
        Decision::Allowed => Ok(()),
        Decision::Denied(reason) => Err(AdminError::Denied(reason)),
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

/// A fresh temporary password and its hash.
async fn new_temporary_password() -> Result<(String, String), AdminError> {
    let temporary = temporary_password();
    let to_hash = temporary.clone();
    let hash = crate::auth::hash_off_thread(to_hash).await?;
    Ok((temporary, hash))
}

impl From<DirectoryWriteError> for AdminError {
    fn from(e: DirectoryWriteError) -> Self {
        match e {
            DirectoryWriteError::NameTaken => ResourceFormError::NameTaken.into(),
            DirectoryWriteError::NoSuchResource => ResourceFormError::NoSuchResource.into(),
            DirectoryWriteError::Store(e) => e.into(),
        }
    }
}

impl StoreBackend {
    pub(crate) async fn resource_directory(&self, user: &SignedIn) -> Result<Vec<Resource>, AdminError> {
        may_administer(user)?;
        self.0.listed_resources().await.map_err(Into::into)
    }

    pub(crate) async fn list_resource(
        &self,
        user: &SignedIn,
        new: Result<NewResource, ResourceFormError>,
    ) -> Result<(), AdminError> {
        may_administer(user)?;
        let new = new?;
        let id = self.0.add_resource(&new, Some(&user.staff_id)).await?;
        self.admin_audit(user, AuditAction::ChangedDirectory, &format!("listed {id} {}", new.name)).await
    }

    pub(crate) async fn unlist_resource(&self, user: &SignedIn, id: &str) -> Result<(), AdminError> {
        may_administer(user)?;
        self.0.retire_resource(id).await?;
        self.admin_audit(user, AuditAction::ChangedDirectory, &format!("retired {id}")).await
    }

    async fn admin_audit(
        &self,
        user: &SignedIn,
        action: AuditAction,
        detail: &str,
    ) -> Result<(), AdminError> {
        let event = AuditEvent::new(action, &user.username).by(&user.staff_id).with_detail(detail);
        self.audit(event).await.map_err(Into::into)
    }

    async fn known_account(&self, staff_id: &str) -> Result<(), AdminError> {
        match self.0.password_hash(staff_id).await? {
            Some(_) => Ok(()),
            None => Err(AdminError::NoSuchAccount),
        }
    }

    pub(crate) async fn staff_directory(&self, user: &SignedIn) -> Result<StaffDirectory, AdminError> {
        may_administer(user)?;
        let mut staff = self.0.staff_summaries().await?;
        let deployments = self.0.open_deployments(Utc::now()).await?;
        for person in &mut staff {
            person.deployments = deployments
                .iter()
                .filter(|d| d.staff_id == person.id)
                .map(|d| DeploymentLine {
                    id: d.id.clone(),
                    ward_name: d.ward_name.clone(),
                    when: d.shift.describe(),
                })
                .collect();
        }
        let wards = self.0.ward_choices().await?;
        Ok(StaffDirectory { staff, wards })
    }

    pub(crate) async fn add_staff(
        &self,
        user: &SignedIn,
        new: Result<NewStaff, StaffFormError>,
    ) -> Result<String, AdminError> {
        may_administer(user)?;
        let new = new?;
        let (temporary, hash) = new_temporary_password().await?;
        let id = self.0.create_staff(&new, &hash).await?;
        let detail = format!("{id} {} as {}", new.username, new.access.role.as_str());
        self.admin_audit(user, AuditAction::CreatedAccount, &detail).await?;
        Ok(temporary)
    }

    pub(crate) async fn change_access(
        &self,
        user: &SignedIn,
        staff_id: &str,
        access: Result<StaffAccess, StaffFormError>,
    ) -> Result<(), AdminError> {
        may_administer(user)?;
        if staff_id == user.staff_id {
            return Err(StaffFormError::NotYourself.into());
        }
        let access = access?;
        let detail = format!("{staff_id} {} {}", access.role.as_str(), access.ward_ids.join(","));
        self.0.set_staff_access(staff_id, &access).await?;
        self.admin_audit(user, AuditAction::ChangedAccess, &detail).await
    }

    pub(crate) async fn deploy(
        &self,
        user: &SignedIn,
        staff_id: &str,
        ward_id: &str,
        starts: &str,
        ends: &str,
    ) -> Result<(), AdminError> {
        may_administer(user)?;
        self.known_account(staff_id).await?;
        if !self.0.ward_exists(ward_id).await? {
            return Err(StaffFormError::UnknownWard.into());
        }
        let shift = ShiftWindow::from_form(starts, ends, Utc::now())
            .map_err(|e| StaffFormError::Shift(e.to_string()))?;
        self.0.deploy(staff_id, ward_id, &shift, &user.staff_id).await?;
        let detail = format!("{staff_id} to {ward_id} {} to {}", shift.starts_at, shift.ends_at);
        self.admin_audit(user, AuditAction::DeployedStaff, &detail).await
    }

    pub(crate) async fn end_deployment_now(&self, user: &SignedIn, id: &str) -> Result<(), AdminError> {
        may_administer(user)?;
        if !self.0.end_deployment(id, Utc::now()).await? {
            return Err(AdminError::NoSuchDeployment);
        }
        self.admin_audit(user, AuditAction::EndedDeployment, id).await
    }

    pub(crate) async fn set_active(
        &self,
        user: &SignedIn,
        staff_id: &str,
        active: bool,
    ) -> Result<(), AdminError> {
        may_administer(user)?;
        if staff_id == user.staff_id && !active {
            return Err(AdminError::Denied(NOT_YOURSELF));
        }
        if !self.0.set_staff_active_by_id(staff_id, active).await? {
            return Err(AdminError::NoSuchAccount);
        }
        let action = if active { AuditAction::ReactivatedAccount } else { AuditAction::DeactivatedAccount };
        self.admin_audit(user, action, staff_id).await
    }

    pub(crate) async fn reset_password(&self, user: &SignedIn, staff_id: &str) -> Result<String, AdminError> {
        may_administer(user)?;
        self.known_account(staff_id).await?;
        let (temporary, hash) = new_temporary_password().await?;
        self.0.set_password(staff_id, &hash, true).await?;
        self.0.end_sessions_of(staff_id).await?;
        self.admin_audit(user, AuditAction::ResetPassword, staff_id).await?;
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
