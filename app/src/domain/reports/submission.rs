//! Handing a weekly return in: the PSW reviews what their records add up
//! to and submits it, which freezes it. A later change is an amendment:
//! the figures as they are then, with the reason; the first stays on record.

use super::{Week, WeeklyReturn};
use serde::{Deserialize, Serialize};

/// The longest notes or reason, in characters.
pub const NOTES_MAX: usize = 5_000;

/// One version of a return as handed in: the first is the submission,
/// each later one an amendment with its reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmittedReturn {
    pub version: u32,
    pub figures: WeeklyReturn,
    pub notes: String,
    /// Why it was amended; empty for the first.
    pub reason: String,
    pub submitted_ms: i64,
}

/// A PSW's return for one week, as their page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyReturn {
    pub name: String,
    /// What the records add up to now.
    pub live: WeeklyReturn,
    /// What was handed in, first to latest.
    pub submitted: Vec<SubmittedReturn>,
    /// Whether the week after this one has started (so may be looked at).
    pub has_next: bool,
    /// The wards a log may be filed under (the PSW's own today): id and
    /// name; empty for anyone else reading it.
    pub log_wards: Vec<(String, String)>,
}

/// Where one PSW's return for a week is, for their manager.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnRow {
    pub staff_id: String,
    pub name: String,
    /// Their sites, by name, as the manager reads them.
    pub sites: String,
    /// The latest version handed in, and when; `None` until submitted.
    pub latest: Option<(u32, i64)>,
}

/// The returns of a week for a manager's sites.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnsList {
    pub week: Week,
    /// Their sites: id and name.
    pub sites: Vec<(String, String)>,
    pub rows: Vec<ReturnRow>,
    pub has_next: bool,
}

impl ReturnsList {
    pub fn submitted(&self) -> usize {
        self.rows.iter().filter(|r| r.latest.is_some()).count()
    }
}

/// A ward's attendance record for a week, as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendancePage {
    pub ward_name: String,
    pub site_name: String,
    pub record: super::WardWeek,
    /// The other wards the reader may look at: id and name.
    pub wards: Vec<(String, String)>,
    pub has_next: bool,
}

/// Why a report could not be shown or handed in, in words to act on.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    #[error("{0}")]
    Denied(&'static str),
    #[error("{0}")]
    Invalid(String),
    #[error("The report could not be loaded just now. Try again in a minute.")]
    Unavailable,
    /// More prints and downloads in an hour than anyone makes at work.
    #[error("You have printed or downloaded 30 reports in the last hour, the most the audit trail takes. Try again later.")]
    TooMany,
}

impl ReportError {
    /// The HTTP status that says the same thing.
    pub fn status(&self) -> u16 {
        match self {
            ReportError::Denied(_) => 403,
            ReportError::Invalid(_) => 422,
            ReportError::Unavailable => 503,
            ReportError::TooMany => 429,
        }
    }
}

/// Checks handing in a return for `week` when it is `this_week`, with
/// `versions` already handed in. `reason` is empty for a first submission
/// and says why for an amendment. The answer is the new version's number.
pub fn check_submission(
    week: Week,
    this_week: Week,
    versions: u32,
    notes: &str,
    reason: &str,
) -> Result<u32, String> {
    if week > this_week {
        return Err(format!(
            "The week {} has not started yet, so there is no return to submit for it.",
            week.label()
        ));
    }
    for (what, text) in [("Notes", notes), ("The reason", reason)] {
        let chars = text.chars().count();
        if chars > NOTES_MAX {
            return Err(format!("{what} can be at most 5,000 characters; this has {chars}."));
        }
    }
    match (versions, reason.trim().is_empty()) {
        (0, true) => Ok(1),
        (0, false) => {
            Err("This return has not been submitted yet, so there is nothing to amend. Submit it first."
                .into())
        }
        (_, true) => Err(format!(
            "Your return for {} is already submitted. To change it, amend it and say why.",
            week.label()
        )),
        (n, false) => Ok(n + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn week(text: &str) -> Week {
        Week::parse(text).expect("a Monday")
    }

    #[test]
    fn a_return_is_submitted_once_then_amended_with_a_reason() {
        let this = week("2026-11-30");
        assert_eq!(check_submission(this, this, 0, "Quiet week", ""), Ok(1));
        assert_eq!(check_submission(week("2026-11-23"), this, 0, "", ""), Ok(1));
        let twice = check_submission(this, this, 1, "", "").unwrap_err();
        assert!(twice.contains("already submitted") && twice.contains("Mon 30 Nov"), "{twice}");
        assert_eq!(check_submission(this, this, 1, "", "Forgot Tuesday's training"), Ok(2));
        assert_eq!(check_submission(this, this, 2, "", "And the travel"), Ok(3));
        assert!(check_submission(this, this, 0, "", "why").unwrap_err().contains("nothing to amend"));
    }

    #[test]
    fn a_future_week_or_huge_notes_are_refused() {
        let this = week("2026-11-30");
        let future = check_submission(week("2026-12-07"), this, 0, "", "").unwrap_err();
        assert!(future.contains("has not started"), "{future}");
        let huge = "x".repeat(5_001);
        assert!(check_submission(this, this, 0, &huge, "").unwrap_err().contains("5001"));
        assert!(check_submission(this, this, 1, "", &huge).unwrap_err().contains("The reason"));
    }
}
