//! The audit trail. The store can add to it and read it; nothing can change
//! or remove a row (the database's own triggers refuse it too).

use super::{on_pool, Store, StoreError};
use chrono::{DateTime, Utc};

/// What happened. Stored by name, so new kinds can be added freely.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuditAction {
    SignedIn,
    SignInFailed,
    SignInPaused,
    SignedOut,
    ChangedPassword,
    DeactivatedAccount,
    ReactivatedAccount,
    ResetPassword,
    CreatedAccount,
    ChangedAccess,
    DeployedStaff,
    EndedDeployment,
    ViewedCaseload,
    ViewedPatient,
    ViewedAuditTrail,
    MovedPatient,
    WroteRecord,
    AccessDenied,
    ChangedDirectory,
    SubmittedReturn,
    AmendedReturn,
    Exported,
    ReportedLostPhone,
}

impl AuditAction {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::SignedIn => "signed_in",
            AuditAction::SignInFailed => "sign_in_failed",
            AuditAction::SignInPaused => "sign_in_paused",
            AuditAction::SignedOut => "signed_out",
            AuditAction::ChangedPassword => "changed_password",
            AuditAction::DeactivatedAccount => "deactivated_account",
            AuditAction::ReactivatedAccount => "reactivated_account",
            AuditAction::ResetPassword => "reset_password",
            AuditAction::CreatedAccount => "created_account",
            AuditAction::ChangedAccess => "changed_access",
            AuditAction::DeployedStaff => "deployed_staff",
            AuditAction::EndedDeployment => "ended_deployment",
            AuditAction::ViewedCaseload => "viewed_caseload",
            AuditAction::ViewedPatient => "viewed_patient",
            AuditAction::ViewedAuditTrail => "viewed_audit_trail",
            AuditAction::MovedPatient => "moved_patient",
            AuditAction::WroteRecord => "wrote_record",
            AuditAction::AccessDenied => "access_denied",
            AuditAction::ChangedDirectory => "changed_directory",
            AuditAction::SubmittedReturn => "submitted_return",
            AuditAction::AmendedReturn => "amended_return",
            AuditAction::Exported => "exported",
            AuditAction::ReportedLostPhone => "reported_lost_phone",
        }
    }
}

/// Adds one event to the trail (used inside other writes' transactions too).
pub(super) const INSERT_AUDIT: &str = "insert into audit_events
    (at, staff_id, username, action, patient_id, ward_id, device, address, detail)
    values ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

/// The start of a multi-row insert into the trail, for `QueryBuilder::push_values`.
pub(super) const AUDIT_COLUMNS: &str =
    "insert into audit_events (at, staff_id, username, action, patient_id, ward_id, device, address, detail) ";

/// One row of the trail.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct AuditEvent {
    pub at: DateTime<Utc>,
    pub staff_id: Option<String>,
    pub username: String,
    pub action: String,
    pub patient_id: Option<String>,
    pub ward_id: Option<String>,
    pub device: String,
    pub address: String,
    pub detail: String,
}

impl AuditEvent {
    pub fn new(action: AuditAction, username: &str) -> Self {
        AuditEvent {
            at: Utc::now(),
            staff_id: None,
            username: username.to_owned(),
            action: action.as_str().to_owned(),
            patient_id: None,
            ward_id: None,
            device: String::new(),
            address: String::new(),
            detail: String::new(),
        }
    }

    pub fn by(mut self, staff_id: &str) -> Self {
        self.staff_id = Some(staff_id.to_owned());
        self
    }

    pub fn about_patient(mut self, patient_id: &str, ward_id: Option<&str>) -> Self {
        self.patient_id = Some(patient_id.to_owned());
        self.ward_id = ward_id.map(str::to_owned);
        self
    }

    /// About a ward rather than one patient (a shift).
    pub fn about_ward(mut self, ward_id: &str) -> Self {
        self.ward_id = Some(ward_id.to_owned());
        self
    }

    pub fn with_detail(mut self, detail: &str) -> Self {
        self.detail = detail.to_owned();
        self
    }

    pub fn from_device(mut self, device: &str, address: &str) -> Self {
        // A user agent can be anything; keep the trail readable.
        self.device = device.chars().take(200).collect();
        self.address = address.to_owned();
        self
    }
}

impl Store {
    pub async fn record_audit(&self, event: &AuditEvent) -> Result<(), StoreError> {
        let sql = INSERT_AUDIT;
        on_pool!(self, pool => {
            sqlx::query(sql)
                .bind(event.at).bind(&event.staff_id).bind(&event.username).bind(&event.action)
                .bind(&event.patient_id).bind(&event.ward_id).bind(&event.device).bind(&event.address)
                .bind(&event.detail)
                .execute(pool).await?.rows_affected()
        });
        Ok(())
    }

    /// The newest `limit` events about one username, newest first.
    /// When one member of staff printed or downloaded reports since `since`
    /// (at most the newest 100 of their events are looked at).
    pub async fn exports_since(&self, staff_id: &str, since: DateTime<Utc>) -> Result<usize, StoreError> {
        let sql = "select action, at from audit_events where staff_id = $1 order by id desc limit 100";
        let rows: Vec<(String, DateTime<Utc>)> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(staff_id).fetch_all(pool).await?);
        let exported = AuditAction::Exported.as_str();
        Ok(rows.iter().filter(|(action, at)| action == exported && *at > since).count())
    }

    pub async fn audit_for_username(
        &self,
        username: &str,
        limit: i64,
    ) -> Result<Vec<AuditEvent>, StoreError> {
        let sql = "select at, staff_id, username, action, patient_id, ward_id, device, address, detail
                   from audit_events where username = $1 order by id desc limit $2";
        Ok(on_pool!(self, pool => sqlx::query_as(sql).bind(username).bind(limit).fetch_all(pool).await?))
    }

    /// The newest `limit` events about one patient, newest first, with the
    /// staff member's name where the event was theirs.
    pub async fn audit_for_patient(
        &self,
        patient_id: &str,
        limit: i64,
    ) -> Result<Vec<PatientAuditRow>, StoreError> {
        let sql = "select a.at, coalesce(s.display_name, a.username) as who, a.action, a.device
                   from audit_events a left join staff s on s.id = a.staff_id
                   where a.patient_id = $1 order by a.id desc limit $2";
        Ok(on_pool!(self, pool => sqlx::query_as(sql).bind(patient_id).bind(limit).fetch_all(pool).await?))
    }
}

/// A line of a patient's audit trail with the staff member's name.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PatientAuditRow {
    pub at: DateTime<Utc>,
    pub who: String,
    pub action: String,
    pub device: String,
}
