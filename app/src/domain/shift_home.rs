//! Shifts as the home page shows them: a PSW's own, to check in and out of,
//! and the shift reports on a nurse in charge's wards, to mark received.
//! Times are milliseconds since the epoch, so that the phone compares
//! numbers rather than parsing dates.

use super::shift::auto_close_at;
use super::timeline::RecordState;
use serde::{Deserialize, Serialize};

const MINUTE_MS: i64 = 60_000;
/// How long the home page keeps a shift: a day.
pub const SHOWN_FOR_MS: i64 = 24 * 60 * MINUTE_MS;

/// The nurse in charge has read a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub id: String,
    pub op_id: String,
    pub by: String,
    pub at_ms: i64,
    pub state: RecordState,
}

/// A check-out, with the report that went with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShiftEndView {
    pub id: String,
    pub op_id: String,
    pub ended_ms: i64,
    pub what_happened: String,
    pub for_nurse: String,
    /// Closed by the server because nobody checked out.
    pub closed_automatically: bool,
    pub state: RecordState,
    pub receipt: Option<Receipt>,
}

/// A shift: its check-in (with the report for the nurse) and, once it has
/// ended, its check-out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShiftView {
    pub id: String,
    pub op_id: String,
    pub author_id: String,
    pub author_name: String,
    pub ward_id: String,
    pub ward_name: String,
    pub started_ms: i64,
    pub plan: String,
    pub for_nurse: String,
    pub state: RecordState,
    pub receipt: Option<Receipt>,
    pub end: Option<ShiftEndView>,
}

/// What the home page needs about shifts: whether this person checks in
/// (a PSW) or receives the reports (a nurse in charge), the hour forgotten
/// shifts close, and the shifts of the last day they may see.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShiftHome {
    pub checks_in: bool,
    pub receives_reports: bool,
    pub close_hour: u32,
    pub shifts: Vec<ShiftView>,
}

/// Where the PSW is, as the shift card shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MyShift {
    /// Not on shift. `closed_for_you` is their last shift when the server
    /// closed it because nobody checked out, within the last day.
    Off { closed_for_you: Option<ShiftView> },
    /// On shift; `prompt` when the automatic close is under an hour away.
    On { shift: ShiftView, closes_ms: i64, prompt: bool },
    /// Still open on this phone, but past the time the server closes it:
    /// checking out now would be refused.
    Overdue { shift: ShiftView, closed_ms: i64 },
}

impl ShiftView {
    /// When the server closes this shift if nobody checks out.
    pub fn auto_close_ms(&self, close_hour: u32) -> i64 {
        let started = chrono::DateTime::from_timestamp_millis(self.started_ms).unwrap_or_default();
        auto_close_at(started, close_hour).timestamp_millis()
    }
}

/// The PSW `staff_id`'s shift now, from the shifts the page holds.
pub fn my_shift(shifts: &[ShiftView], staff_id: &str, now_ms: i64, close_hour: u32) -> MyShift {
    // A check-in the server refused never started a shift.
    let refused = |s: &&ShiftView| matches!(s.state, RecordState::Refused(_));
    let mine = shifts.iter().filter(|s| s.author_id == staff_id);
    let Some(last) = mine.filter(|s| !refused(s)).max_by_key(|s| s.started_ms) else {
        return MyShift::Off { closed_for_you: None };
    };
    match &last.end {
        Some(end) => {
            let recent = end.ended_ms > now_ms - SHOWN_FOR_MS;
            let closed_for_you = (end.closed_automatically && recent).then(|| last.clone());
            MyShift::Off { closed_for_you }
        }
        None => {
            let closes_ms = last.auto_close_ms(close_hour);
            if now_ms >= closes_ms {
                MyShift::Overdue { shift: last.clone(), closed_ms: closes_ms }
            } else {
                let prompt = now_ms >= closes_ms - super::shift::PROMPT_MINUTES_BEFORE_CLOSE * MINUTE_MS;
                MyShift::On { shift: last.clone(), closes_ms, prompt }
            }
        }
    }
}

/// Which of a shift's two reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Report {
    CheckIn,
    CheckOut,
}

impl ShiftView {
    /// Whether a report is still to be read by the nurse in charge. A shift
    /// the server closed carries no check-out report.
    pub fn waiting(&self, report: Report) -> bool {
        match report {
            Report::CheckIn => self.receipt.is_none(),
            Report::CheckOut => {
                self.end.as_ref().is_some_and(|end| !end.closed_automatically && end.receipt.is_none())
            }
        }
    }

    /// The id a receipt of the report names.
    pub fn report_id(&self, report: Report) -> Option<&str> {
        match report {
            Report::CheckIn => Some(self.id.as_str()),
            Report::CheckOut => self.end.as_ref().map(|end| end.id.as_str()),
        }
    }
}

/// How many reports are waiting for the nurse in charge.
pub fn reports_waiting(shifts: &[ShiftView]) -> usize {
    shifts
        .iter()
        .map(|s| usize::from(s.waiting(Report::CheckIn)) + usize::from(s.waiting(Report::CheckOut)))
        .sum()
}

/// Newest first: shifts in the order they started, latest on top.
pub fn sort_newest_first(shifts: &mut [ShiftView]) {
    shifts.sort_by(|a, b| b.started_ms.cmp(&a.started_ms).then_with(|| a.id.cmp(&b.id)));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(text: &str) -> i64 {
        crate::domain::instant::parse_rfc3339(text).expect("time").timestamp_millis()
    }

    fn shift(id: &str, author: &str, started: &str) -> ShiftView {
        ShiftView {
            id: id.into(),
            op_id: format!("op-{id}"),
            author_id: author.into(),
            author_name: "Sam Okafor".into(),
            ward_id: "ward-willow".into(),
            ward_name: "Willow".into(),
            started_ms: ms(started),
            plan: "Groups at 2".into(),
            for_nurse: String::new(),
            state: RecordState::Saved,
            receipt: None,
            end: None,
        }
    }

    fn ended(mut s: ShiftView, at: &str, automatically: bool) -> ShiftView {
        s.end = Some(ShiftEndView {
            id: format!("end-{}", s.id),
            op_id: format!("op-end-{}", s.id),
            ended_ms: ms(at),
            what_happened: String::new(),
            for_nurse: String::new(),
            closed_automatically: automatically,
            state: RecordState::Saved,
            receipt: None,
        });
        s
    }

    #[test]
    fn a_psw_is_off_on_prompted_then_overdue_as_the_day_goes() {
        let morning = shift("a", "staff-psw", "2026-12-03T08:00:00Z");
        let shifts = vec![morning.clone(), shift("b", "staff-other", "2026-12-03T09:00:00Z")];
        assert_eq!(
            my_shift(&[], "staff-psw", ms("2026-12-03T08:00:00Z"), 23),
            MyShift::Off { closed_for_you: None }
        );
        let closes_ms = ms("2026-12-03T23:00:00Z");
        assert_eq!(
            my_shift(&shifts, "staff-psw", ms("2026-12-03T12:00:00Z"), 23),
            MyShift::On { shift: morning.clone(), closes_ms, prompt: false }
        );
        assert_eq!(
            my_shift(&shifts, "staff-psw", ms("2026-12-03T22:00:00Z"), 23),
            MyShift::On { shift: morning.clone(), closes_ms, prompt: true }
        );
        assert_eq!(
            my_shift(&shifts, "staff-psw", ms("2026-12-03T23:00:00Z"), 23),
            MyShift::Overdue { shift: morning.clone(), closed_ms: closes_ms }
        );
        // Someone else's shift is not yours.
        assert_eq!(
            my_shift(&shifts, "staff-other", ms("2026-12-03T12:00:00Z"), 23),
            MyShift::On { shift: shifts[1].clone(), closes_ms, prompt: false }
        );
    }

    #[test]
    fn a_shift_the_server_closed_is_explained_for_a_day() {
        let closed = ended(shift("a", "staff-psw", "2026-12-03T08:00:00Z"), "2026-12-03T23:00:00Z", true);
        let next_morning = ms("2026-12-04T07:00:00Z");
        assert_eq!(
            my_shift(std::slice::from_ref(&closed), "staff-psw", next_morning, 23),
            MyShift::Off { closed_for_you: Some(closed.clone()) }
        );
        let two_days_on = ms("2026-12-05T07:00:00Z");
        assert_eq!(
            my_shift(std::slice::from_ref(&closed), "staff-psw", two_days_on, 23),
            MyShift::Off { closed_for_you: None }
        );
        let by_hand = ended(shift("a", "staff-psw", "2026-12-03T08:00:00Z"), "2026-12-03T16:00:00Z", false);
        assert_eq!(
            my_shift(&[by_hand], "staff-psw", next_morning, 23),
            MyShift::Off { closed_for_you: None }
        );
        // A later check-in is what counts, unless the server refused it.
        let mut today = shift("c", "staff-psw", "2026-12-04T06:30:00Z");
        assert!(matches!(
            my_shift(&[closed.clone(), today.clone()], "staff-psw", next_morning, 23),
            MyShift::On { .. }
        ));
        today.state = RecordState::Refused("Not your ward".into());
        assert_eq!(
            my_shift(&[closed.clone(), today], "staff-psw", next_morning, 23),
            MyShift::Off { closed_for_you: Some(closed) }
        );
    }

    #[test]
    fn reports_wait_until_received_and_a_server_close_sends_none() {
        let mut open = shift("a", "staff-psw", "2026-12-03T08:00:00Z");
        assert_eq!(reports_waiting(std::slice::from_ref(&open)), 1);
        assert_eq!(open.report_id(Report::CheckOut), None);
        open.receipt = Some(Receipt {
            id: "r".into(),
            op_id: "op-r".into(),
            by: "Priya Raman".into(),
            at_ms: 0,
            state: RecordState::Unsent,
        });
        let checked_out = ended(open.clone(), "2026-12-03T16:00:00Z", false);
        assert_eq!(checked_out.report_id(Report::CheckOut), Some("end-a"));
        let closed = ended(open, "2026-12-03T23:00:00Z", true);
        assert_eq!(reports_waiting(&[checked_out, closed]), 1);
        let mut all = vec![shift("x", "s", "2026-12-03T08:00:00Z"), shift("y", "s", "2026-12-03T10:00:00Z")];
        sort_newest_first(&mut all);
        assert_eq!(all[0].id, "y");
    }
}
