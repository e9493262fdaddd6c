//! The week's reports, computed from what was recorded so nothing is typed
//! twice: a ward's attendance record (who was seen each day, the groups and
//! who came) and a PSW's weekly return (hours on each ward and site from
//! their shifts, contacts by type, groups, concerns, and the rest of the
//! working week). Plain maths over facts the store reads; no SQL here.

mod attendance;
pub mod export;
mod submission;
mod today;
mod week;
mod weekly_return;

pub use attendance::{attendance_day, ward_attendance, AttendanceDay, GroupDay, PswTotals, Seen, WardWeek};
pub use submission::{
    check_submission, AttendancePage, MyReturn, ReportError, ReturnRow, ReturnsList, SubmittedReturn,
    NOTES_MAX,
};
pub use today::{
    on_shift_now, ward_today, Dashboard, GroupToday, OnShift, OpenShiftFact, WaitingConcern, WardToday,
};
pub use week::{day_start, minutes_by_day, minutes_in_week, uk_day, Week};
pub use weekly_return::{
    hours_and_minutes, weekly_return, PlaceHours, PswWeekFacts, WeeklyReturn, WorkKind, WorkLog, WorkTotals,
};

use super::contact::ContactType;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A shift as worked: where, and from when to when. One still open counts
/// up to the moment the report is made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShiftFact {
    pub ward_id: String,
    pub ward_name: String,
    pub site_name: String,
    pub start: DateTime<Utc>,
    pub end: Option<DateTime<Utc>>,
    /// Closed by the server at the set hour because no one checked out.
    pub closed_automatically: bool,
}

/// A contact with one person, as the reports count it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactFact {
    pub started_at: DateTime<Utc>,
    pub contact_type: ContactType,
    pub patient_id: String,
    pub patient_name: String,
    pub ward_id: String,
    /// The PSW who recorded it (staff id) and their name.
    pub author: String,
    pub author_name: String,
}

/// A group session, as the reports count it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupFact {
    pub started_at: DateTime<Utc>,
    pub ward_id: String,
    pub title: String,
    /// Staff ids and names: the author first, then the co-facilitators.
    pub run_by: Vec<(String, String)>,
    /// Patient ids and names.
    pub attendees: Vec<(String, String)>,
    /// People who came but are not on the caseload.
    pub others: u32,
}

#[cfg(test)]
mod tests;
