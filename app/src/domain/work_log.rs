//! The rest of the working week: supervision (one to one or in a group),
//! training, meetings and travel between sites, logged by a PSW in a few
//! taps, offline too, for their weekly return.
//!
//! A `work_log` op is create-only. It is filed under the ward the PSW was
//! working on (so the access rule can judge it like a shift), and reaches
//! only its author's devices, never the ward's.

use super::follow_up::parse_date;
use super::reports::{WorkKind, WorkLog};
use crate::domain::access::Action;
use crate::domain::sync::kind::{not_your_ward, Lands, RecordKind};
use serde_json::Value;

/// The longest piece of work one log holds, in minutes (a long training day).
pub const LONGEST_MINUTES: u32 = 12 * 60;
/// The longest "with whom" or "what", in characters.
pub const WITH_WHOM_MAX: usize = 200;
/// How far back a log may be dated, in days: long enough to catch up on the
/// previous week's return.
pub const OLDEST_DAYS: i64 = 35;

/// A checked log: where it is filed and what it says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewWorkLog {
    pub ward_id: String,
    pub log: WorkLog,
}

/// The day number (days since 1 January of year 1) of the UK day an
/// instant falls on, within an hour: whole-number arithmetic, so that this
/// check costs the phone's download nothing. `written_ms` is UTC; the UK is
/// at most an hour ahead.
fn day_number(ms: i64, ahead_hours: i64) -> i64 {
    const DAY_MS: i64 = 24 * 60 * 60 * 1000;
    const UNIX_EPOCH_DAY: i64 = 719_163;
    (ms + ahead_hours * 60 * 60 * 1000).div_euclid(DAY_MS) + UNIX_EPOCH_DAY
}

/// Checks a `work_log` op's payload; `written_ms` is when it was written.
pub fn check_work_log(payload: &Value, written_ms: i64) -> Result<NewWorkLog, String> {
    let text = |field: &str| -> Result<&str, String> {
        match payload.get(field) {
            None | Some(Value::Null) => Ok(""),
            Some(Value::String(s)) => Ok(s.trim()),
            Some(_) => Err(format!("This must be text ({field}).")),
        }
    };
    let ward_id = text("ward_id")?;
    if ward_id.is_empty() {
        return Err("A log is filed under the ward you work on (ward_id).".into());
    }
    let kind = WorkKind::parse(text("kind")?)
        .ok_or("Choose what it was: supervision, training, a meeting or travel (kind).")?;
    let on = parse_date(text("on")?).ok_or("Give the day it happened, such as 2026-12-03 (on).")?;
    let day = i64::from(chrono::Datelike::num_days_from_ce(&on));
    if day > day_number(written_ms, 1) {
        return Err("The day it happened is in the future. Check the date (on).".into());
    }
    if day < day_number(written_ms, 0) - OLDEST_DAYS {
        return Err(format!("A log can be dated at most {OLDEST_DAYS} days back (on)."));
    }
    let minutes = match payload.get("minutes").and_then(Value::as_u64) {
        Some(m) if (1..=u64::from(LONGEST_MINUTES)).contains(&m) => m as u32,
        _ => return Err(format!("Give how long it took in minutes, from 1 to {LONGEST_MINUTES} (minutes).")),
    };
    let with_whom = text("with_whom")?;
    let chars = with_whom.chars().count();
    if chars > WITH_WHOM_MAX {
        return Err(format!(
            "'With whom' is at most {WITH_WHOM_MAX} characters; this has {chars} (with_whom)."
        ));
    }
    Ok(NewWorkLog {
        ward_id: ward_id.to_owned(),
        log: WorkLog { kind, on, minutes, with_whom: with_whom.to_owned() },
    })
}

impl RecordKind for NewWorkLog {
    fn lands(&self) -> Lands<'_> {
        Lands::OnWard(&self.ward_id)
    }
    fn action(&self) -> Action {
        Action::LogWork
    }
    fn not_found(&self) -> &'static str {
        "There is no ward with this id to file the log under."
    }
    fn denied(&self, reason: &'static str) -> &'static str {
        not_your_ward(
            reason,
            "A log is filed under a ward you work on today (your own, or one you are deployed to).",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ms(text: &str) -> i64 {
        crate::domain::instant::parse_rfc3339(text).expect("time").timestamp_millis()
    }

    #[test]
    fn a_log_says_what_when_and_how_long() {
        let written = ms("2026-12-03T17:00:00Z");
        let good = json!({ "ward_id": "ward-willow", "kind": "supervision_individual", "on": "2026-12-03",
                           "minutes": 60, "with_whom": " Dafydd Morgan " });
        let log = check_work_log(&good, written).expect("a good log");
        assert_eq!(log.log.kind, WorkKind::SupervisionIndividual);
        assert_eq!((log.log.minutes, log.log.with_whom.as_str()), (60, "Dafydd Morgan"));
        let with = |field: &str, value: Value| {
            let mut payload = good.clone();
            payload[field] = value;
            check_work_log(&payload, written).err().unwrap_or_default()
        };
        assert!(with("kind", json!("lunch")).contains("(kind)"));
        assert!(with("on", json!("3/12/2026")).contains("(on)"));
        assert!(with("on", json!("2026-12-05")).contains("future"));
        assert!(with("on", json!("2026-10-01")).contains("35 days"));
        assert!(with("minutes", json!(0)).contains("from 1 to 720"));
        assert!(with("minutes", json!(721)).contains("from 1 to 720"));
        assert!(with("minutes", json!("60")).contains("minutes"));
        assert!(with("with_whom", json!("x".repeat(201))).contains("201"));
        assert!(with("ward_id", json!("")).contains("ward_id"));
        assert!(with("with_whom", json!(7)).contains("must be text"));
    }

    #[test]
    fn the_day_is_the_uk_day_the_log_was_written() {
        // 23:30 UTC on 30 June is already 1 July in London (BST).
        let written = ms("2026-06-30T23:30:00Z");
        let payload = json!({ "ward_id": "w", "kind": "travel", "on": "2026-07-01", "minutes": 30 });
        assert!(check_work_log(&payload, written).is_ok());
        let next = json!({ "ward_id": "w", "kind": "travel", "on": "2026-07-02", "minutes": 30 });
        assert!(check_work_log(&next, written).is_err());
    }
}
