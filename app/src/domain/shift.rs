//! Shifts: a PSW checks in to a ward at the start of a shift and out at the
//! end, from the phone, offline too, each time sending a shift report to the
//! ward's nurse in charge, who marks it received. A shift no one checks out
//! of is closed by the server at a set hour, and says so.
//!
//! Three sync entities, each create-only (a shift is never changed, only
//! ended): `shift` (check-in), `shift_end` (check-out) and
//! `shift_report_received` (the nurse's receipt of either report).

use super::reports::uk_day;
use super::sync::hlc::is_uuid;
use crate::domain::access::Action;
use crate::domain::sync::kind::{not_your_ward, Lands, RecordKind};
use chrono::{DateTime, Duration, Utc};
use serde_json::Value;

/// The longest part of a shift report, in characters.
pub const REPORT_MAX: usize = 5_000;
/// The longest shift the app accepts, in hours.
pub const LONGEST_SHIFT_HOURS: i64 = 16;
/// The UK hour at which a shift no one checked out of is closed, unless the
/// server is set otherwise (`ALONGSIDE_SHIFT_CLOSE_HOUR`).
pub const DEFAULT_CLOSE_HOUR: u32 = 23;
/// How long before the automatic close the PSW is asked to check out.
pub const PROMPT_MINUTES_BEFORE_CLOSE: i64 = 60;

/// A check-in: the ward, when, and the report for the nurse in charge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewShift {
    pub ward_id: String,
    pub started_at: DateTime<Utc>,
    /// The plan for the shift.
    pub plan: String,
    /// Anything the nurse should know.
    pub for_nurse: String,
}

/// A check-out: which shift, when, and the report for the nurse in charge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShiftEnd {
    pub shift_id: String,
    pub ended_at: DateTime<Utc>,
    /// What happened on the shift.
    pub what_happened: String,
    pub for_nurse: String,
}

/// The nurse in charge has read a shift report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportReceived {
    /// The `shift` (check-in report) or `shift_end` (check-out report) record.
    pub report_id: String,
}

fn text<'a>(payload: &'a Value, field: &str, what: &str) -> Result<&'a str, String> {
    match payload.get(field) {
        None | Some(Value::Null) => Ok(""),
        Some(Value::String(s)) => {
            let chars = s.chars().count();
            if chars > REPORT_MAX {
                return Err(format!(
                    "{what} is at most 5,000 characters; this has {chars}. Shorten it ({field})."
                ));
            }
            Ok(s.trim())
        }
        Some(_) => Err(format!("{what} must be text ({field}).")),
    }
}

fn instant(payload: &Value, field: &str, what: &str) -> Result<DateTime<Utc>, String> {
    payload
        .get(field)
        .and_then(Value::as_str)
        .and_then(super::instant::parse_rfc3339)
        .ok_or_else(|| format!("{what} ({field}) must be a date and time such as 2026-12-03T08:00:00Z."))
}

/// Times may not be ahead of when the op was written (a little slack for
/// clocks), nor more than a day before it. In milliseconds, not date
/// arithmetic: this runs on the phone for every op it saves, and chrono's
/// calendar code would otherwise join the download every page needs.
fn written_around(at: DateTime<Utc>, written_ms: i64, what: &str) -> Result<(), String> {
    const MINUTE_MS: i64 = 60_000;
    let at_ms = at.timestamp_millis();
    if at_ms > written_ms.saturating_add(10 * MINUTE_MS) {
        return Err(format!("{what} is later than when it was recorded. Check the phone's clock."));
    }
    if at_ms < written_ms.saturating_sub(24 * 60 * MINUTE_MS) {
        return Err(format!(
            "{what} is more than a day before it was recorded; ask your manager to correct the shift."
        ));
    }
    Ok(())
}

/// Checks a check-in. `written_ms` is when the op was written (its HLC).
pub fn check_shift(payload: &Value, written_ms: i64) -> Result<NewShift, String> {
    let ward_id = text(payload, "ward_id", "The ward")?;
    if ward_id.is_empty() {
        return Err("Checking in needs the ward (ward_id).".into());
    }
    let started_at = instant(payload, "started_at", "The start of the shift")?;
    written_around(started_at, written_ms, "The start of the shift")?;
    Ok(NewShift {
        ward_id: ward_id.to_owned(),
        started_at,
        plan: text(payload, "plan", "The plan for the shift")?.to_owned(),
        for_nurse: text(payload, "for_nurse", "What the nurse should know")?.to_owned(),
    })
}

/// Checks a check-out on its own; [`judge_shift_end`] then checks it
/// against the shift it ends.
pub fn check_shift_end(payload: &Value, written_ms: i64) -> Result<ShiftEnd, String> {
    let shift_id = text(payload, "shift_id", "The shift")?;
    if !is_uuid(shift_id) {
        return Err("Checking out needs the id of the shift it ends (shift_id).".into());
    }
    let ended_at = instant(payload, "ended_at", "The end of the shift")?;
    written_around(ended_at, written_ms, "The end of the shift")?;
    Ok(ShiftEnd {
        shift_id: shift_id.to_owned(),
        ended_at,
        what_happened: text(payload, "what_happened", "What happened on the shift")?.to_owned(),
        for_nurse: text(payload, "for_nurse", "What the nurse should know")?.to_owned(),
    })
}

/// How a shift already ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ended {
    pub at: DateTime<Utc>,
    /// Closed by the server because nobody checked out.
    pub automatically: bool,
}

/// Why a check-out of a shift that already ended was refused.
pub fn already_ended(ended: Ended) -> String {
    if ended.automatically {
        format!(
            "This shift was closed automatically at {}, because nobody checked out by then, so this check-out was not recorded. Tell your nurse in charge when you really finished.",
            super::uk_time::friendly(ended.at)
        )
    } else {
        "This shift has already ended; nothing was changed.".into()
    }
}

/// A check-out against its shift: the same person's, not ended already,
/// ending after it started and within the longest shift.
pub fn judge_shift_end(
    end: &ShiftEnd,
    shift_author: &str,
    started_at: DateTime<Utc>,
    ended: Option<Ended>,
    author: &str,
) -> Result<(), String> {
    if shift_author != author {
        return Err("Only the person on the shift can check out of it.".into());
    }
    if let Some(ended) = ended {
        return Err(already_ended(ended));
    }
    if end.ended_at <= started_at {
        return Err("The end of the shift must be after its start.".into());
    }
    if end.ended_at - started_at > Duration::hours(LONGEST_SHIFT_HOURS) {
        return Err(format!(
            "A shift is at most {LONGEST_SHIFT_HOURS} hours; this one would be {} hours. Check the time you finished.",
            (end.ended_at - started_at).num_hours()
        ));
    }
    Ok(())
}

/// Checks a receipt.
pub fn check_report_received(payload: &Value) -> Result<ReportReceived, String> {
    let report_id = text(payload, "report_id", "The report")?;
    if !is_uuid(report_id) {
        return Err("A receipt names the shift report it is for (report_id).".into());
    }
    Ok(ReportReceived { report_id: report_id.to_owned() })
}

/// When a shift no one checked out of closes: the first `close_hour`:00 on
/// the UK clock at least an hour after it started (so a shift started late
/// in the evening runs to the next day's close).
pub fn closes_at(started_at: DateTime<Utc>, close_hour: u32) -> DateTime<Utc> {
    let earliest = started_at + Duration::hours(1);
    let mut day = uk_day(started_at);
    loop {
        let at = day.and_hms_opt(close_hour.min(23), 0, 0).unwrap_or_default();
        let close = super::uk_time::from_uk(at);
        if close >= earliest {
            return close;
        }
        day += Duration::days(1);
    }
}

/// When the server closes a shift nobody checked out of: at the close hour
/// ([`closes_at`]), or at the end of the longest shift there can be, if
/// that comes first. The shift is then marked as closed automatically.
pub fn auto_close_at(started_at: DateTime<Utc>, close_hour: u32) -> DateTime<Utc> {
    closes_at(started_at, close_hour).min(started_at + Duration::hours(LONGEST_SHIFT_HOURS))
}

/// Whether to ask the PSW to check out: within the hour before the close.
pub fn should_prompt(started_at: DateTime<Utc>, now: DateTime<Utc>, close_hour: u32) -> bool {
    now >= auto_close_at(started_at, close_hour) - Duration::minutes(PROMPT_MINUTES_BEFORE_CLOSE)
}

impl RecordKind for NewShift {
    fn lands(&self) -> Lands<'_> {
        Lands::OnWard(&self.ward_id)
    }
    fn action(&self) -> Action {
        Action::WorkShift
    }
    fn not_found(&self) -> &'static str {
        "There is no ward with this id to check in to."
    }
    fn denied(&self, reason: &'static str) -> &'static str {
        not_your_shift(reason)
    }
}

/// The access rule speaks of patients; a shift is about a ward.
fn not_your_shift(reason: &'static str) -> &'static str {
    not_your_ward(
        reason,
        "You can check in only to a ward you work on today (your own, or one you are deployed to).",
    )
}

/// Placed on its shift's ward, once, by its shift's author.
impl RecordKind for ShiftEnd {
    fn lands(&self) -> Lands<'_> {
        Lands::ByItsOwnRules
    }
    fn action(&self) -> Action {
        Action::WorkShift
    }
    fn not_found(&self) -> &'static str {
        "There is no saved shift with this id to check out of."
    }
    fn denied(&self, reason: &'static str) -> &'static str {
        not_your_shift(reason)
    }
}

/// Placed on its report's ward, once.
impl RecordKind for ReportReceived {
    fn lands(&self) -> Lands<'_> {
        Lands::ByItsOwnRules
    }
    fn action(&self) -> Action {
        Action::ReceiveShiftReport
    }
    fn not_found(&self) -> &'static str {
        "There is no shift report with this id."
    }
    fn denied(&self, reason: &'static str) -> &'static str {
        not_your_ward(reason, "This shift report is for the nurse in charge of another ward.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).expect("time").with_timezone(&Utc)
    }

    fn ms(text: &str) -> i64 {
        utc(text).timestamp_millis()
    }

    const SHIFT: &str = "0a7c6b1e-2f4d-4c3b-9a8e-1d2c3b4a5f60";

    #[test]
    fn a_check_in_names_the_ward_and_a_time_near_when_it_was_written() {
        let written = ms("2026-12-03T08:05:00Z");
        let ok = json!({ "ward_id": "ward-willow", "started_at": "2026-12-03T08:00:00Z", "plan": " Groups at 2 ", "for_nurse": "" });
        let shift = check_shift(&ok, written).expect("a good check-in");
        assert_eq!((shift.ward_id.as_str(), shift.plan.as_str()), ("ward-willow", "Groups at 2"));
        let no_ward = json!({ "started_at": "2026-12-03T08:00:00Z" });
        assert_eq!(
            check_shift(&no_ward, written).err().as_deref(),
            Some("Checking in needs the ward (ward_id).")
        );
        let ahead = json!({ "ward_id": "w", "started_at": "2026-12-03T09:00:00Z" });
        assert!(check_shift(&ahead, written).err().is_some_and(|e| e.contains("phone's clock")));
        let long_ago = json!({ "ward_id": "w", "started_at": "2026-12-01T08:00:00Z" });
        assert!(check_shift(&long_ago, written).err().is_some_and(|e| e.contains("more than a day")));
        let not_text = json!({ "ward_id": "w", "started_at": "2026-12-03T08:00:00Z", "plan": 3 });
        assert_eq!(
            check_shift(&not_text, written).err().as_deref(),
            Some("The plan for the shift must be text (plan).")
        );
        let huge =
            json!({ "ward_id": "w", "started_at": "2026-12-03T08:00:00Z", "for_nurse": "x".repeat(5_001) });
        assert!(check_shift(&huge, written)
            .err()
            .is_some_and(|e| e.contains("at most 5,000") && e.contains("5001")));
    }

    #[test]
    fn a_check_out_is_the_same_persons_once_and_after_the_start() {
        let end = check_shift_end(
            &json!({ "shift_id": SHIFT, "ended_at": "2026-12-03T16:00:00Z", "what_happened": "Two groups" }),
            ms("2026-12-03T16:01:00Z"),
        )
        .expect("a good check-out");
        let start = utc("2026-12-03T08:00:00Z");
        assert_eq!(judge_shift_end(&end, "staff-psw", start, None, "staff-psw"), Ok(()));
        assert!(judge_shift_end(&end, "staff-priya", start, None, "staff-psw").is_err());
        let by_hand = Ended { at: utc("2026-12-03T15:00:00Z"), automatically: false };
        assert!(judge_shift_end(&end, "staff-psw", start, Some(by_hand), "staff-psw")
            .err()
            .is_some_and(|e| e.contains("already ended")));
        // Late, after the server closed it: says so, and when, on the UK clock.
        let by_server = Ended { at: utc("2026-12-03T23:00:00Z"), automatically: true };
        assert!(judge_shift_end(&end, "staff-psw", start, Some(by_server), "staff-psw")
            .err()
            .is_some_and(|e| e.contains("closed automatically at Thu 3 Dec 2026, 23:00")));
        assert!(judge_shift_end(&end, "staff-psw", utc("2026-12-03T17:00:00Z"), None, "staff-psw").is_err());
        let too_long = judge_shift_end(&end, "staff-psw", utc("2026-12-02T20:00:00Z"), None, "staff-psw");
        assert!(too_long.err().is_some_and(|e| e.contains("at most 16 hours") && e.contains("20 hours")));
        assert!(
            check_shift_end(&json!({ "shift_id": "nope", "ended_at": "2026-12-03T16:00:00Z" }), 0).is_err()
        );
        assert!(check_report_received(&json!({ "report_id": SHIFT })).is_ok());
        assert!(check_report_received(&json!({})).is_err());
    }

    #[test]
    fn a_forgotten_shift_closes_at_the_set_hour_on_the_uk_clock() {
        // Started 08:00 GMT: closes 23:00 GMT the same day.
        assert_eq!(closes_at(utc("2026-12-03T08:00:00Z"), 23), utc("2026-12-03T23:00:00Z"));
        // In summer, 23:00 BST is 22:00 UTC.
        assert_eq!(closes_at(utc("2026-07-01T07:00:00Z"), 23), utc("2026-07-01T22:00:00Z"));
        // Started at 22:30: the close is at least an hour away, so the next day's.
        assert_eq!(closes_at(utc("2026-12-03T22:30:00Z"), 23), utc("2026-12-04T23:00:00Z"));
        // On the day the clocks go back, 23:00 is GMT again.
        assert_eq!(closes_at(utc("2026-10-25T08:00:00Z"), 23), utc("2026-10-25T23:00:00Z"));
        assert!(!should_prompt(utc("2026-12-03T08:00:00Z"), utc("2026-12-03T21:59:00Z"), 23));
        assert!(should_prompt(utc("2026-12-03T08:00:00Z"), utc("2026-12-03T22:00:00Z"), 23));
        // Never later than the longest shift: one started at 22:30 closes
        // 16 hours on, not at the next day's 23:00, and is prompted before.
        assert_eq!(auto_close_at(utc("2026-12-03T22:30:00Z"), 23), utc("2026-12-04T14:30:00Z"));
        assert_eq!(auto_close_at(utc("2026-12-03T08:00:00Z"), 23), utc("2026-12-03T23:00:00Z"));
        assert!(should_prompt(utc("2026-12-03T22:30:00Z"), utc("2026-12-04T13:30:00Z"), 23));
    }
}
