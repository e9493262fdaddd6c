//! Shifts on the home page: a PSW checks in to a ward and out again from
//! the phone, offline too, each time sending a report to the ward's nurse
//! in charge, who marks it received.

mod shift_card;
mod shift_forms;
mod shift_reports;

pub use shift_card::ShiftCard;
pub use shift_reports::ShiftReports;

use crate::domain::shift_home::ShiftView;
use crate::sync::{shifts, Kept};
use leptos::prelude::*;

/// "14:30" on the UK clock.
fn clock(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms).map(crate::domain::uk_time::clock).unwrap_or_default()
}

/// "Thu 3 Dec 2026, 23:00" on the UK clock.
fn friendly(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms).map(crate::domain::uk_time::friendly).unwrap_or_default()
}

/// The server's `listed` shifts with this phone's records laid over them,
/// following the phone. `include` picks which shifts only the phone holds
/// belong here; `wards` names their wards.
fn shifts_shown(
    listed: Vec<ShiftView>,
    kept: ReadSignal<Vec<Kept>>,
    include: impl Fn(&ShiftView) -> bool + Send + Sync + 'static,
    wards: Vec<(String, String)>,
) -> Memo<Vec<ShiftView>> {
    let ward_name =
        move |id: &str| wards.iter().find(|(w, _)| w == id).map(|(_, n)| n.clone()).unwrap_or_default();
    Memo::new(move |_| kept.with(|kept| shifts(&listed, kept, &include, &ward_name)))
}
