//! What a home page shows beyond the caseload. Concerns, chosen by who is
//! looking: the nurse in charge sees those waiting for them, a manager those
//! waiting on their sites' wards, a PSW their own. And for those who record,
//! their open follow-ups and whom they have seen this week.

use crate::backend::StoreBackend;
use app::domain::concern::{ConcernList, HomeConcerns};
use app::domain::follow_up::{week_start, HomeWork};
use app::domain::patient::RecordError;
use app::domain::uk_time;
use app::domain::{Role, SignedIn};

/// A PSW's home keeps their concerns this long after raising them (and any
/// still waiting for the nurse, however old), so they see the answer.
const OWN_CONCERNS_DAYS: i64 = 7;

impl StoreBackend {
    pub(crate) async fn concerns_for_home(
        &self,
        user: &SignedIn,
        escalate_after_min: u32,
    ) -> Result<HomeConcerns, RecordError> {
        let now = chrono::Utc::now();
        let reach = self.0.reach(&user.staff_id, user.role, now).await?;
        let (list, concerns) = match user.role {
            Role::NurseInCharge => (ConcernList::ToAcknowledge, self.0.open_concerns(&reach.ward_ids).await?),
            Role::Manager => (ConcernList::Waiting, self.0.open_concerns(&reach.ward_ids).await?),
            Role::PeerSupportWorker => {
                let since = now - chrono::Duration::days(OWN_CONCERNS_DAYS);
                let own = self.0.concerns_raised_by(&user.staff_id, since).await?;
                (ConcernList::RaisedByMe, own)
            }
            Role::Admin => (ConcernList::None, Vec::new()),
        };
        Ok(HomeConcerns { list, concerns, escalate_after_min })
    }

    /// A recorder's open follow-ups and whom they have seen since Monday.
    pub(crate) async fn work_for_home(&self, user: &SignedIn) -> Result<HomeWork, RecordError> {
        if !matches!(user.role, Role::PeerSupportWorker | Role::NurseInCharge) {
            return Ok(HomeWork::default());
        }
        let monday = week_start(uk_time::to_uk(chrono::Utc::now()).date());
        let week_starts = uk_time::from_uk(monday.and_hms_opt(0, 0, 0).unwrap_or_default());
        Ok(HomeWork {
            records: true,
            follow_ups: self.0.open_follow_ups(&user.staff_id).await?,
            seen_this_week: self.0.seen_since(&user.staff_id, week_starts).await?,
            week_starts: app::domain::instant::rfc3339_seconds(week_starts),
        })
    }
}
