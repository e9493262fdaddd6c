//! Weekly returns and ward attendance records: computed from what was
//! recorded, handed in and amended by the PSW, collected by the managers of
//! their sites; each judged by the one access rule.

use crate::backend::StoreBackend;
use crate::store::{AuditAction, AuditEvent, NewReturn};
use app::domain::access::{decide, Action, Decision, Place, Reach};
use app::domain::reports::{
    check_submission, ward_attendance, weekly_return, AttendancePage, MyReturn, ReportError, ReturnsList,
    Week,
};
use app::domain::SignedIn;
use chrono::Utc;

/// How many prints and downloads one person may put on the audit trail in
/// an hour: far more than work needs, few enough that a script cannot fill it.
const EXPORTS_PER_HOUR: usize = 30;

impl StoreBackend {
    pub(crate) async fn reach_of(&self, user: &SignedIn) -> Result<Reach, ReportError> {
        self.0.reach(&user.staff_id, user.role, Utc::now()).await.map_err(Into::into)
    }

    /// Whether `user` may collect `staff_id`'s returns: a manager of one of
    /// the sites they work on.
    async fn may_collect(&self, user: &SignedIn, reach: &Reach, staff_id: &str) -> Result<(), ReportError> {
        let sites = self.0.sites_of_staff(staff_id).await?;
        let allowed = |site_id: &str| {
            decide(user.role, reach, Action::CollectReturns, Some(Place { ward_id: "", site_id }))
        };
        match sites.iter().map(|(id, _)| allowed(id)).find(|d| *d == Decision::Allowed) {
            Some(_) => Ok(()),
            None => match allowed("") {
                Decision::Denied(reason) => Err(ReportError::Denied(reason)),
                Decision::Allowed => Err(ReportError::Denied("This person does not work on your sites.")),
            },
        }
    }

    async fn return_of(&self, staff_id: &str, name: &str, week: Week) -> Result<MyReturn, ReportError> {
        let now = Utc::now();
        let facts = self.0.psw_week_facts(staff_id, week).await?;
        Ok(MyReturn {
            name: name.to_owned(),
            live: weekly_return(week, staff_id, now, &facts),
            submitted: self.0.submitted_returns(staff_id, week).await?,
            has_next: week.next() <= Week::containing(now),
            log_wards: Vec::new(),
        })
    }

    /// Puts a report's export or printing on the audit trail.
    pub(crate) async fn note_export_for(&self, user: &SignedIn, detail: &str) -> Result<(), ReportError> {
        // The trail keeps every row for good.
        let hour_ago = Utc::now() - chrono::Duration::hours(1);
        if self.0.exports_since(&user.staff_id, hour_ago).await? >= EXPORTS_PER_HOUR {
            return Err(ReportError::TooMany);
        }
        let event =
            AuditEvent::new(AuditAction::Exported, &user.username).by(&user.staff_id).with_detail(detail);
        self.audit(event).await.map_err(Into::into)
    }

    pub(crate) async fn my_return_for(&self, user: &SignedIn, week: Week) -> Result<MyReturn, ReportError> {
        let reach = self.reach_of(user).await?;
        if let Decision::Denied(reason) = decide(user.role, &reach, Action::LogWork, None) {
            return Err(ReportError::Denied(reason));
        }
        let mut mine = self.return_of(&user.staff_id, &user.display_name, week).await?;
        let wards = self.0.wards_named(&reach.ward_ids).await?;
        mine.log_wards = wards.into_iter().map(|(id, name, _)| (id, name)).collect();
        Ok(mine)
    }

    pub(crate) async fn hand_in(
        &self,
        user: &SignedIn,
        week: Week,
        notes: &str,
        reason: &str,
    ) -> Result<u32, ReportError> {
        let reach = self.reach_of(user).await?;
        if let Decision::Denied(why) = decide(user.role, &reach, Action::LogWork, None) {
            return Err(ReportError::Denied(why));
        }
        let now = Utc::now();
        let versions = self.0.submitted_returns(&user.staff_id, week).await?.len() as u32;
        let version = check_submission(week, Week::containing(now), versions, notes, reason)
            .map_err(ReportError::Invalid)?;
        let facts = self.0.psw_week_facts(&user.staff_id, week).await?;
        let figures = weekly_return(week, &user.staff_id, now, &facts);
        let action = if version == 1 { AuditAction::SubmittedReturn } else { AuditAction::AmendedReturn };
        let audit = AuditEvent::new(action, &user.username)
            .by(&user.staff_id)
            .with_detail(&format!("week {} version {version}", week.key()));
        let new = NewReturn {
            staff_id: &user.staff_id,
            week,
            version,
            figures: serde_json::to_string(&figures).map_err(|_| ReportError::Unavailable)?,
            notes: notes.trim(),
            reason: reason.trim(),
            at: now,
        };
        if self.0.hand_in_return(&new, &audit).await? {
            Ok(version)
        } else {
            Err(ReportError::Invalid(
                "This return was handed in from elsewhere a moment ago. Reload the page to see it.".into(),
            ))
        }
    }

    pub(crate) async fn returns_for(&self, user: &SignedIn, week: Week) -> Result<ReturnsList, ReportError> {
        let reach = self.reach_of(user).await?;
        if let Decision::Denied(reason) = decide(user.role, &reach, Action::CollectReturns, None) {
            return Err(ReportError::Denied(reason));
        }
        Ok(ReturnsList {
            week,
            sites: self.0.site_names(&reach.site_ids).await?,
            rows: self.0.returns_on_sites(&reach.site_ids, week).await?,
            has_next: week.next() <= Week::containing(Utc::now()),
        })
    }

    pub(crate) async fn staff_return_for(
        &self,
        user: &SignedIn,
        staff_id: &str,
        week: Week,
    ) -> Result<MyReturn, ReportError> {
        let reach = self.reach_of(user).await?;
        self.may_collect(user, &reach, staff_id).await?;
        let name = self.0.staff_name(staff_id).await?.unwrap_or_default();
        self.return_of(staff_id, &name, week).await
    }

    pub(crate) async fn attendance_for(
        &self,
        user: &SignedIn,
        ward_id: &str,
        week: Week,
    ) -> Result<AttendancePage, ReportError> {
        let reach = self.reach_of(user).await?;
        let place = self.0.ward_place(ward_id).await?;
        let Some(place) = place else {
            return Err(ReportError::Invalid("There is no ward with this id.".into()));
        };
        let at = Place { ward_id: &place.ward_id, site_id: &place.site_id };
        if let Decision::Denied(reason) = decide(user.role, &reach, Action::ViewWardAttendance, Some(at)) {
            return Err(ReportError::Denied(reason));
        }
        let (contacts, groups) = self.0.ward_week_facts(ward_id, week).await?;
        let wards = self.0.wards_named(&reach.ward_ids).await?;
        let (ward_name, site_name) = self
            .0
            .wards_named(&[ward_id.to_owned()])
            .await?
            .into_iter()
            .next()
            .map(|(_, ward, site)| (ward, site))
            .unwrap_or_default();
        Ok(AttendancePage {
            ward_name,
            site_name,
            record: ward_attendance(week, ward_id, &contacts, &groups),
            wards: wards.into_iter().map(|(id, name, _)| (id, name)).collect(),
            has_next: week.next() <= Week::containing(Utc::now()),
        })
    }
}
