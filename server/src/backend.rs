//! The app's [`Backend`] port, served by the store and judged by the one
//! access rule ([`app::domain::access::decide`]).

use crate::store::{AuditAction, AuditEvent, PlacedPatient, Store, StoreError};
use app::backend::{Backend, BoxFuture, SessionKey};
use app::domain::access::{decide, Action, Decision, Place, Reach};
use app::domain::concern::HomeConcerns;
use app::domain::follow_up::HomeWork;
use app::domain::password_rules::{ChangePasswordError, NewPassword};
use app::domain::patient::{audit_action_label, AuditLine, PatientRecord, RecordError};
use app::domain::phones::{Phone, PhoneError};
use app::domain::plan::PlanRecord;
use app::domain::reports::{AttendancePage, Dashboard, MyReturn, ReportError, ReturnsList, Week};
use app::domain::resources::{NewResource, Resource, ResourceFormError};
use app::domain::shift_home::ShiftHome;
use app::domain::staff::{AdminError, NewStaff, StaffAccess, StaffDirectory, StaffFormError};
use app::domain::{SignedIn, WardCaseload};

/// The store, and the password checks shared with sign-in.
pub struct StoreBackend(pub Store, pub crate::auth::PasswordChecks);

impl StoreBackend {
    /// Writes to the trail; viewing patient data is always on the record, so
    /// a trail that cannot be written means no data.
    pub(crate) async fn audit(&self, event: AuditEvent) -> Result<(), StoreError> {
        self.0.record_audit(&event).await
    }

    /// Writes to the trail where what was done stands either way (a refusal,
    /// a move already made): a trail that cannot be written is logged.
    #[track_caller]
    pub(crate) fn audit_or_log(&self, event: AuditEvent) -> impl std::future::Future<Output = ()> + '_ {
        let at = std::panic::Location::caller();
        async move {
            if let Err(e) = self.0.record_audit(&event).await {
                tracing::error!(error = %e, at = %at, action = %event.action, "could not write the audit trail");
            }
        }
    }
}

impl Backend for StoreBackend {
    fn caseload<'a>(&'a self, user: &'a SignedIn) -> BoxFuture<'a, Result<Vec<WardCaseload>, RecordError>> {
        Box::pin(self.caseload_for(user))
    }

    fn home_concerns<'a>(
        &'a self,
        user: &'a SignedIn,
        escalate_after_min: u32,
    ) -> BoxFuture<'a, Result<HomeConcerns, RecordError>> {
        Box::pin(self.concerns_for_home(user, escalate_after_min))
    }

    fn dashboard<'a>(
        &'a self,
        user: &'a SignedIn,
        close_hour: u32,
    ) -> BoxFuture<'a, Result<Dashboard, RecordError>> {
        Box::pin(self.dashboard_for(user, close_hour))
    }

    fn home_work<'a>(&'a self, user: &'a SignedIn) -> BoxFuture<'a, Result<HomeWork, RecordError>> {
        Box::pin(self.work_for_home(user))
    }

    fn my_return<'a>(
        &'a self,
        user: &'a SignedIn,
        week: Week,
    ) -> BoxFuture<'a, Result<MyReturn, ReportError>> {
        Box::pin(self.my_return_for(user, week))
    }

    fn hand_in_return<'a>(
        &'a self,
        user: &'a SignedIn,
        week: Week,
        notes: &'a str,
        reason: &'a str,
    ) -> BoxFuture<'a, Result<u32, ReportError>> {
        Box::pin(self.hand_in(user, week, notes, reason))
    }

    fn returns_list<'a>(
        &'a self,
        user: &'a SignedIn,
        week: Week,
    ) -> BoxFuture<'a, Result<ReturnsList, ReportError>> {
        Box::pin(self.returns_for(user, week))
    }

    fn staff_return<'a>(
        &'a self,
        user: &'a SignedIn,
        staff_id: &'a str,
        week: Week,
    ) -> BoxFuture<'a, Result<MyReturn, ReportError>> {
        Box::pin(self.staff_return_for(user, staff_id, week))
    }

    fn ward_attendance<'a>(
        &'a self,
        user: &'a SignedIn,
        ward_id: &'a str,
        week: Week,
    ) -> BoxFuture<'a, Result<AttendancePage, ReportError>> {
        Box::pin(self.attendance_for(user, ward_id, week))
    }

    fn note_export<'a>(
        &'a self,
        user: &'a SignedIn,
        detail: &'a str,
    ) -> BoxFuture<'a, Result<(), ReportError>> {
        Box::pin(self.note_export_for(user, detail))
    }

    fn home_shifts<'a>(
        &'a self,
        user: &'a SignedIn,
        close_hour: u32,
    ) -> BoxFuture<'a, Result<ShiftHome, RecordError>> {
        Box::pin(self.shifts_for_home(user, close_hour))
    }

    fn patient<'a>(
        &'a self,
        user: &'a SignedIn,
        id: &'a str,
    ) -> BoxFuture<'a, Result<PatientRecord, RecordError>> {
        Box::pin(async move {
            let (placed, reach) =
                self.judge(user, id, Action::ViewPatientRecord, Some(AuditAction::ViewedPatient)).await?;
            let place = Place { ward_id: &placed.ward_id, site_id: &placed.site_id };
            let can_view_audit_trail =
                decide(user.role, &reach, Action::ViewAuditTrail, Some(place)) == Decision::Allowed;
            let can_write =
                decide(user.role, &reach, Action::WritePatientRecord, Some(place)) == Decision::Allowed;
            let can_update_bed =
                decide(user.role, &reach, Action::UpdatePatientDetails, Some(place)) == Decision::Allowed;
            let can_acknowledge =
                decide(user.role, &reach, Action::AcknowledgeConcern, Some(place)) == Decision::Allowed;
            let timeline = self.0.patient_timeline(id).await?;
            let group_lines = self.0.patient_group_lines(id).await?;
            let bed_history = self.0.bed_history(id).await?;
            let concerns = self.0.patient_concerns(id, &reach.ward_ids).await?;
            let follow_ups = self.0.patient_follow_ups(id).await?;
            let plan = self.0.plan_entries(id).await?;
            let resources = if can_write { self.0.listed_resources().await? } else { Vec::new() };
            let move_to = match decide(user.role, &reach, Action::TransferPatient, Some(place)) {
                Decision::Allowed => {
                    let wards = self.0.ward_choices().await?;
                    wards.into_iter().filter(|w| w.id != placed.ward_id).collect()
                }
                Decision::Denied(_) => Vec::new(),
            };
            Ok(PatientRecord {
                can_view_audit_trail,
                can_write,
                can_update_bed,
                move_to,
                timeline,
                group_lines,
                bed_history,
                concerns,
                follow_ups,
                plan,
                resources,
                can_acknowledge,
                ..placed.record
            })
        })
    }

    fn plan<'a>(&'a self, user: &'a SignedIn, id: &'a str) -> BoxFuture<'a, Result<PlanRecord, RecordError>> {
        Box::pin(async move {
            let (placed, reach) =
                self.judge(user, id, Action::ViewPatientRecord, Some(AuditAction::ViewedPatient)).await?;
            let place = Place { ward_id: &placed.ward_id, site_id: &placed.site_id };
            let can_write =
                decide(user.role, &reach, Action::WritePatientRecord, Some(place)) == Decision::Allowed;
            let entries = self.0.plan_entries(id).await?;
            Ok(PlanRecord {
                patient_id: placed.record.id,
                preferred_name: placed.record.preferred_name,
                can_write,
                entries,
            })
        })
    }

    fn change_password<'a>(
        &'a self,
        user: &'a SignedIn,
        current: String,
        new: NewPassword,
        keep: &'a SessionKey,
    ) -> BoxFuture<'a, Result<(), ChangePasswordError>> {
        Box::pin(self.change_own_password(user, current, new, keep))
    }

    fn directory<'a>(&'a self, user: &'a SignedIn) -> BoxFuture<'a, Result<Vec<Resource>, AdminError>> {
        Box::pin(self.resource_directory(user))
    }

    fn add_resource<'a>(
        &'a self,
        user: &'a SignedIn,
        new: Result<NewResource, ResourceFormError>,
    ) -> BoxFuture<'a, Result<(), AdminError>> {
        Box::pin(self.list_resource(user, new))
    }

    fn retire_resource<'a>(
        &'a self,
        user: &'a SignedIn,
        id: &'a str,
    ) -> BoxFuture<'a, Result<(), AdminError>> {
        Box::pin(self.unlist_resource(user, id))
    }

    fn staff<'a>(&'a self, user: &'a SignedIn) -> BoxFuture<'a, Result<StaffDirectory, AdminError>> {
        Box::pin(self.staff_directory(user))
    }

    fn create_staff<'a>(
        &'a self,
        user: &'a SignedIn,
        new: Result<NewStaff, StaffFormError>,
    ) -> BoxFuture<'a, Result<String, AdminError>> {
        Box::pin(self.add_staff(user, new))
    }

    fn set_staff_access<'a>(
        &'a self,
        user: &'a SignedIn,
        staff_id: &'a str,
        access: Result<StaffAccess, StaffFormError>,
    ) -> BoxFuture<'a, Result<(), AdminError>> {
        Box::pin(self.change_access(user, staff_id, access))
    }

    fn deploy_staff<'a>(
        &'a self,
        user: &'a SignedIn,
        staff_id: &'a str,
        ward_id: &'a str,
        starts: &'a str,
        ends: &'a str,
    ) -> BoxFuture<'a, Result<(), AdminError>> {
        Box::pin(self.deploy(user, staff_id, ward_id, starts, ends))
    }

    fn end_deployment<'a>(
        &'a self,
        user: &'a SignedIn,
        id: &'a str,
    ) -> BoxFuture<'a, Result<(), AdminError>> {
        Box::pin(self.end_deployment_now(user, id))
    }

    fn set_staff_active<'a>(
        &'a self,
        user: &'a SignedIn,
        staff_id: &'a str,
        active: bool,
    ) -> BoxFuture<'a, Result<(), AdminError>> {
        Box::pin(self.set_active(user, staff_id, active))
    }

    fn reset_staff_password<'a>(
        &'a self,
        user: &'a SignedIn,
        staff_id: &'a str,
    ) -> BoxFuture<'a, Result<String, AdminError>> {
        Box::pin(self.reset_password(user, staff_id))
    }

    fn patient_audit<'a>(
        &'a self,
        user: &'a SignedIn,
        id: &'a str,
    ) -> BoxFuture<'a, Result<Vec<AuditLine>, RecordError>> {
        Box::pin(async move {
            self.judge(user, id, Action::ViewAuditTrail, Some(AuditAction::ViewedAuditTrail)).await?;
            let lines = self.0.audit_for_patient(id, 200).await?;
            Ok(lines
                .into_iter()
                .map(|line| AuditLine {
                    at: line.at.format("%Y-%m-%d %H:%M").to_string(),
                    who: line.who,
                    what: audit_action_label(&line.action).to_owned(),
                    device: line.device,
                })
                .collect())
        })
    }

    fn move_patient<'a>(
        &'a self,
        user: &'a SignedIn,
        id: &'a str,
        to_ward_id: &'a str,
    ) -> BoxFuture<'a, Result<String, RecordError>> {
        Box::pin(self.transfer(user, id, to_ward_id))
    }

    fn phones<'a>(&'a self, user: &'a SignedIn) -> BoxFuture<'a, Result<Vec<Phone>, PhoneError>> {
        Box::pin(self.phone_list(user))
    }

    fn report_lost_phone<'a>(
        &'a self,
        user: &'a SignedIn,
        device_id: &'a str,
    ) -> BoxFuture<'a, Result<(), PhoneError>> {
        Box::pin(self.lost_phone(user, device_id))
    }
}

impl StoreBackend {
    /// The one path to a patient's record: find where it lives, ask the
    /// access rule, and put the answer on the audit trail. The role is judged
    /// before existence, so that an admin learns nothing about which ids exist.
    /// A refusal is always on the trail; what was allowed goes on it as
    /// `audit_as`, or (when `None`) the caller records it once it is done.
    pub(crate) async fn judge(
        &self,
        user: &SignedIn,
        id: &str,
        action: Action,
        audit_as: Option<AuditAction>,
    ) -> Result<(PlacedPatient, Reach), RecordError> {
        let reach = self.0.reach(&user.staff_id, user.role, chrono::Utc::now()).await?;
        let placed = self.0.placed_patient(id).await?;
        let place = placed.as_ref().map(|p| Place { ward_id: &p.ward_id, site_id: &p.site_id });
        let decision = decide(user.role, &reach, action, place);
        let event = |action| {
            AuditEvent::new(action, &user.username)
                .by(&user.staff_id)
                .about_patient(id, placed.as_ref().map(|p| p.ward_id.as_str()))
        };
        match (decision, &placed) {
            (Decision::Denied(reason), _) => {
                self.audit_or_log(event(AuditAction::AccessDenied).with_detail(reason)).await;
                Err(RecordError::Denied(reason))
            }
            (Decision::Allowed, None) => Err(RecordError::NotFound),
            (Decision::Allowed, Some(_)) => {
                if let Some(action) = audit_as {
                    self.audit(event(action)).await?;
                }
                placed.map(|placed| (placed, reach)).ok_or(RecordError::NotFound)
            }
        }
    }
}
