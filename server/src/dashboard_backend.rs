//! The live dashboard: each ward the reader may watch, today so far.

use crate::backend::StoreBackend;
use app::domain::access::{decide, Action, Decision};
use app::domain::patient::RecordError;
use app::domain::reports::{day_start, uk_day, ward_today, Dashboard};
use app::domain::shift::LONGEST_SHIFT_HOURS;
use app::domain::SignedIn;

impl StoreBackend {
    /// The wards of the nurse in charge, or every ward of a manager's sites.
    pub(crate) async fn dashboard_for(
        &self,
        user: &SignedIn,
        close_hour: u32,
    ) -> Result<Dashboard, RecordError> {
        let now = chrono::Utc::now();
        let reach = self.0.reach(&user.staff_id, user.role, now).await?;
        // Asked without a place, the rule says whether the role may at all;
        // the wards are then the reader's reach and no more.
        if let Decision::Denied(reason) = decide(user.role, &reach, Action::ViewDashboard, None) {
            return Err(RecordError::Denied(reason));
        }
        let shifts_since = now - chrono::Duration::hours(LONGEST_SHIFT_HOURS);
        let facts = self.0.dashboard_facts(&reach.ward_ids, day_start(uk_day(now)), shifts_since).await?;
        let wards = facts
            .wards
            .iter()
            .map(|(id, name, site)| {
                ward_today(
                    (id, name, site),
                    &facts.shifts,
                    &facts.contacts,
                    &facts.groups,
                    &facts.concerns,
                    now,
                    close_hour,
                )
            })
            .collect();
        Ok(Dashboard { as_of: now, wards })
    }
}
