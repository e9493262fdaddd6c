//! What the server functions need from the server, and nothing more.
//!
//! The `server` crate implements [`Backend`] over its store and provides it as
//! context to every server function and server render; the app never sees SQL.

use crate::domain::concern::HomeConcerns;
use crate::domain::follow_up::HomeWork;
use crate::domain::password_rules::{ChangePasswordError, NewPassword};
use crate::domain::patient::{AuditLine, PatientRecord, RecordError};
use crate::domain::phones::{Phone, PhoneError};
use crate::domain::plan::PlanRecord;
use crate::domain::reports::{AttendancePage, Dashboard, MyReturn, ReportError, ReturnsList, Week};
use crate::domain::resources::{NewResource, Resource, ResourceFormError};
use crate::domain::shift_home::ShiftHome;
use crate::domain::staff::{AdminError, NewStaff, StaffAccess, StaffDirectory, StaffFormError};
use crate::domain::{SignedIn, WardCaseload};
use leptos::prelude::*;
use std::{future::Future, pin::Pin, sync::Arc};

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

pub trait Backend: Send + Sync + 'static {
    /// The patients on the wards `user` works on, grouped by ward.
    fn caseload<'a>(&'a self, user: &'a SignedIn) -> BoxFuture<'a, Result<Vec<WardCaseload>, RecordError>>;

    /// The concerns the home page lists for `user`: for the nurse in charge,
    /// those waiting on their wards; for a manager, those waiting on their
    /// sites (the ones past `escalate_after_min` flagged); for a PSW, their own.
    fn home_concerns<'a>(
        &'a self,
        user: &'a SignedIn,
        escalate_after_min: u32,
    ) -> BoxFuture<'a, Result<HomeConcerns, RecordError>>;

    /// The live dashboard: each ward `user` may watch, today so far, with
    /// shifts closing at `close_hour` (UK) when nobody checks out.
    fn dashboard<'a>(
        &'a self,
        user: &'a SignedIn,
        close_hour: u32,
    ) -> BoxFuture<'a, Result<Dashboard, RecordError>>;

    /// What `user` still has to follow up and whom they have seen this week.
    fn home_work<'a>(&'a self, user: &'a SignedIn) -> BoxFuture<'a, Result<HomeWork, RecordError>>;

    /// The shifts of the last day the home page shows `user`: a PSW's own,
    /// the shifts on a nurse in charge's wards; none for anyone else.
    fn home_shifts<'a>(
        &'a self,
        user: &'a SignedIn,
        close_hour: u32,
    ) -> BoxFuture<'a, Result<ShiftHome, RecordError>>;

    /// One patient's record, judged by the access rule and put on the audit trail.
    fn patient<'a>(
        &'a self,
        user: &'a SignedIn,
        id: &'a str,
    ) -> BoxFuture<'a, Result<PatientRecord, RecordError>>;

    /// One patient's recovery plan and nothing else of their record, judged
    /// by the access rule and put on the audit trail like the record.
    fn plan<'a>(&'a self, user: &'a SignedIn, id: &'a str) -> BoxFuture<'a, Result<PlanRecord, RecordError>>;

    /// Checks `current`, then stores `new` (already checked against the
    /// rules) and ends every other session of the account, keeping `keep`.
    fn change_password<'a>(
        &'a self,
        user: &'a SignedIn,
        current: String,
        new: NewPassword,
        keep: &'a SessionKey,
    ) -> BoxFuture<'a, Result<(), ChangePasswordError>>;

    /// Every staff account and the wards they can be given (administrators only).
    fn staff<'a>(&'a self, user: &'a SignedIn) -> BoxFuture<'a, Result<StaffDirectory, AdminError>>;

    /// Adds an account; returns its temporary password, shown once. The
    /// form's checks come in as they are, so that permission is judged first.
    fn create_staff<'a>(
        &'a self,
        user: &'a SignedIn,
        new: Result<NewStaff, StaffFormError>,
    ) -> BoxFuture<'a, Result<String, AdminError>>;

    /// Replaces an account's role and wards (checked as for `create_staff`).
    fn set_staff_access<'a>(
        &'a self,
        user: &'a SignedIn,
        staff_id: &'a str,
        access: Result<StaffAccess, StaffFormError>,
    ) -> BoxFuture<'a, Result<(), AdminError>>;

    /// Deploys a member of staff to a ward for one shift, given in UK
    /// local time as the form sends it (an empty end means midnight).
    fn deploy_staff<'a>(
        &'a self,
        user: &'a SignedIn,
        staff_id: &'a str,
        ward_id: &'a str,
        starts: &'a str,
        ends: &'a str,
    ) -> BoxFuture<'a, Result<(), AdminError>>;

    /// Ends a deployment now (or cancels one not yet started).
    fn end_deployment<'a>(&'a self, user: &'a SignedIn, id: &'a str)
        -> BoxFuture<'a, Result<(), AdminError>>;

    /// Turns an account off (ending its sessions at once) or on again.
    fn set_staff_active<'a>(
        &'a self,
        user: &'a SignedIn,
        staff_id: &'a str,
        active: bool,
    ) -> BoxFuture<'a, Result<(), AdminError>>;

    /// Sets a temporary password, returned once, that must be changed at next sign-in.
    fn reset_staff_password<'a>(
        &'a self,
        user: &'a SignedIn,
        staff_id: &'a str,
    ) -> BoxFuture<'a, Result<String, AdminError>>;

    /// The community resources directory (administrators only).
    fn directory<'a>(&'a self, user: &'a SignedIn) -> BoxFuture<'a, Result<Vec<Resource>, AdminError>>;

    /// Lists a new resource; the form's checks come in as they are, so that
    /// permission is judged first.
    fn add_resource<'a>(
        &'a self,
        user: &'a SignedIn,
        new: Result<NewResource, ResourceFormError>,
    ) -> BoxFuture<'a, Result<(), AdminError>>;

    /// Takes a resource off the list.
    fn retire_resource<'a>(
        &'a self,
        user: &'a SignedIn,
        id: &'a str,
    ) -> BoxFuture<'a, Result<(), AdminError>>;

    /// Who has opened a patient's record, for those allowed to read it.
    fn patient_audit<'a>(
        &'a self,
        user: &'a SignedIn,
        id: &'a str,
    ) -> BoxFuture<'a, Result<Vec<AuditLine>, RecordError>>;

    /// `user`'s own weekly return for `week`: what their records add up to
    /// now, and what they handed in.
    fn my_return<'a>(
        &'a self,
        user: &'a SignedIn,
        week: Week,
    ) -> BoxFuture<'a, Result<MyReturn, ReportError>>;

    /// Hands `user`'s return for `week` in (`reason` empty) or amends it
    /// (`reason` says why); answers the version stored.
    fn hand_in_return<'a>(
        &'a self,
        user: &'a SignedIn,
        week: Week,
        notes: &'a str,
        reason: &'a str,
    ) -> BoxFuture<'a, Result<u32, ReportError>>;

    /// Who on a manager's sites has handed in their return for `week`.
    fn returns_list<'a>(
        &'a self,
        user: &'a SignedIn,
        week: Week,
    ) -> BoxFuture<'a, Result<ReturnsList, ReportError>>;

    /// One PSW's return for `week`, for a manager of their site.
    fn staff_return<'a>(
        &'a self,
        user: &'a SignedIn,
        staff_id: &'a str,
        week: Week,
    ) -> BoxFuture<'a, Result<MyReturn, ReportError>>;

    /// A ward's attendance record for `week`.
    fn ward_attendance<'a>(
        &'a self,
        user: &'a SignedIn,
        ward_id: &'a str,
        week: Week,
    ) -> BoxFuture<'a, Result<AttendancePage, ReportError>>;

    /// Puts a report's export or printing on the audit trail.
    fn note_export<'a>(
        &'a self,
        user: &'a SignedIn,
        detail: &'a str,
    ) -> BoxFuture<'a, Result<(), ReportError>>;

    /// Moves a patient to another ward (the nurse in charge of the ward they
    /// are on) and returns where they are now, in words.
    fn move_patient<'a>(
        &'a self,
        user: &'a SignedIn,
        id: &'a str,
        to_ward_id: &'a str,
    ) -> BoxFuture<'a, Result<String, RecordError>>;

    /// The phones and tablets `user` may report lost: everyone's for an
    /// administrator, those last used by the staff of a manager's sites.
    fn phones<'a>(&'a self, user: &'a SignedIn) -> BoxFuture<'a, Result<Vec<Phone>, PhoneError>>;

    /// Reports a device lost: its sessions end at once, and it is told to
    /// wipe itself whenever it next reaches the server.
    fn report_lost_phone<'a>(
        &'a self,
        user: &'a SignedIn,
        device_id: &'a str,
    ) -> BoxFuture<'a, Result<(), PhoneError>>;
}

/// The backend as context: cheap to clone into every request.
#[derive(Clone)]
pub struct BackendHandle(pub Arc<dyn Backend>);

pub fn backend() -> Result<BackendHandle, ServerFnError> {
    use_context::<BackendHandle>().ok_or_else(|| ServerFnError::new("The server is not ready."))
}

/// The member of staff the server signed in for this request. A session
/// the device lock holds gets no further (every page's data and every
/// server function come through here), with the status 423.
pub async fn signed_in() -> Result<SignedIn, ServerFnError> {
    if leptos_axum::extract::<axum::Extension<DeviceLocked>>().await.is_ok() {
        set_status(423);
        return Err(ServerFnError::new(LOCKED));
    }
    leptos_axum::extract::<axum::Extension<SignedIn>>()
        .await
        .map(|axum::Extension(user)| user)
        .map_err(|_| ServerFnError::new("Sign in to continue."))
}

/// How the app behaves on the device, set on the server and handed to the
/// browser in the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeviceSettings {
    pub lock_after_seconds: u32,
    pub retention_days: u32,
}

/// How long a concern may wait for the nurse in charge before the ward's
/// manager is told, set on the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConcernSettings {
    pub escalate_after_min: u32,
}

impl Default for ConcernSettings {
    fn default() -> Self {
        ConcernSettings { escalate_after_min: crate::domain::concern::DEFAULT_ESCALATE_AFTER_MIN }
    }
}

/// When the server closes a shift nobody checked out of (`closes_at`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShiftSettings {
    /// The hour on the UK clock, 0–23.
    pub close_hour: u32,
}

impl Default for ShiftSettings {
    fn default() -> Self {
        ShiftSettings { close_hour: crate::domain::shift::DEFAULT_CLOSE_HOUR }
    }
}

/// Which signed-in session a request belongs to (a hash of its cookie's
/// token, never the token), so an action can keep it and end the others.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionKey(pub String);

/// Patient mode, as the server holds it on the session of this request: the
/// patient whose plan the session is kept to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatientMode(pub String);

/// The device lock, as the server holds it on the session of this request:
/// the phone has locked, and nothing of anyone's is answered until the
/// proof its PIN makes arrives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeviceLocked;

/// Provided while drawing `/unlock`: the shell draws *Opening Alongside*
/// (`features::device_lock::OpeningPage`) in place of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpeningOnly;

/// What a locked session is told instead of any data.
pub const LOCKED: &str = "This phone is locked. Enter your PIN on it to carry on.";

/// The patient this request's session is handed to, if any.
pub async fn patient_mode() -> Option<PatientMode> {
    leptos_axum::extract::<axum::Extension<PatientMode>>().await.ok().map(|axum::Extension(mode)| mode)
}

/// The session of this request, put there by the server with [`SignedIn`].
pub async fn session_key() -> Result<SessionKey, ServerFnError> {
    leptos_axum::extract::<axum::Extension<SessionKey>>()
        .await
        .map(|axum::Extension(key)| key)
        .map_err(|_| ServerFnError::new("Sign in to continue."))
}

/// The member of staff of the page being drawn, if signed in (for the
/// server-drawn parts of the page outside the app, such as the device lock).
pub fn signed_in_for_page() -> Option<SignedIn> {
    use_context::<axum::http::request::Parts>().and_then(|parts| parts.extensions.get::<SignedIn>().cloned())
}

/// Whether the server holds the device lock on the page being drawn.
pub fn locked_for_page() -> bool {
    use_context::<axum::http::request::Parts>()
        .is_some_and(|parts| parts.extensions.get::<DeviceLocked>().is_some())
}

/// Sets the HTTP status of the page or server function answer being built.
pub fn set_status(status: u16) {
    let Ok(status) = axum::http::StatusCode::from_u16(status) else { return };
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
}

/// Where a page's script nonce is handed back to the server's header
/// middleware, which puts the policy on the answer itself: headers set
/// through Leptos' response options while rendering were sometimes lost,
/// and such a page never hydrates.
#[derive(Clone, Debug, Default)]
pub struct PageNonce(pub Arc<std::sync::OnceLock<String>>);

/// Allows only this response's own scripts (by nonce), our own files, and
/// WebAssembly compilation; nothing may frame the app.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// Hands this page's nonce to the header middleware (see [`PageNonce`]).
pub fn send_content_security_policy() {
    let Some(nonce) = leptos::nonce::use_nonce() else { return };
    let slot =
        use_context::<axum::http::request::Parts>().and_then(|p| p.extensions.get::<PageNonce>().cloned());
    if let Some(PageNonce(slot)) = slot {
        let _ = slot.set(nonce.to_string());
    }
}
