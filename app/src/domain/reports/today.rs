//! The live dashboard's maths: for each ward, who is on shift now, who has
//! been seen and which groups have run today (on the UK clock), and the
//! concerns still waiting for the nurse in charge, with how long each has
//! waited. Times go to the browser as milliseconds: chrono's text parser
//! would otherwise join the download every page needs (30 KB).

use super::{attendance_day, uk_day, AttendanceDay, ContactFact, GroupFact};
use crate::domain::concern::ConcernCategory;
use crate::domain::shift::auto_close_at;
use chrono::serde::ts_milliseconds;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A shift nobody has checked out of (yet).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenShiftFact {
    pub ward_id: String,
    pub name: String,
    pub started_at: DateTime<Utc>,
}

/// Someone on a ward now, since when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnShift {
    pub name: String,
    #[serde(with = "ts_milliseconds")]
    pub since: DateTime<Utc>,
}

/// A concern nobody has acknowledged yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitingConcern {
    pub ward_id: String,
    pub category: ConcernCategory,
    /// When it reached the server: the wait starts there.
    #[serde(with = "ts_milliseconds")]
    pub received_at: DateTime<Utc>,
}

impl WaitingConcern {
    /// Whole minutes it has waited at `now` (never below zero).
    pub fn waited_min(&self, now: DateTime<Utc>) -> i64 {
        (now - self.received_at).num_minutes().max(0)
    }
}

/// A group run today: no attendee's name, only how many came (the
/// dashboard may be on a screen others pass).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupToday {
    #[serde(with = "ts_milliseconds")]
    pub started_at: DateTime<Utc>,
    pub title: String,
    pub run_by: Vec<String>,
    pub came: u32,
}

/// One ward's day so far, in numbers and staff names only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WardToday {
    pub ward_id: String,
    pub ward_name: String,
    pub site_name: String,
    /// By name.
    pub on_shift: Vec<OnShift>,
    /// Contacts recorded today (one to one and the rest).
    pub contacts: u32,
    /// Different people seen in those contacts.
    pub people_seen: u32,
    /// In the order they ran.
    pub groups: Vec<GroupToday>,
    /// Longest waiting first.
    pub waiting: Vec<WaitingConcern>,
}

impl WardToday {
    /// People at a group today: everyone who came to each, added up.
    pub fn group_attendances(&self) -> u32 {
        self.groups.iter().map(|g| g.came).sum()
    }
}

/// Every ward the reader may see, as of `as_of` (the server's clock, so
/// waits read the same on every screen).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    #[serde(with = "ts_milliseconds")]
    pub as_of: DateTime<Utc>,
    pub wards: Vec<WardToday>,
}

/// Whether a shift with no check-out still counts as on the ward at `now`:
/// not once the server would have closed it ([`auto_close_at`]).
pub fn on_shift_now(started_at: DateTime<Utc>, now: DateTime<Utc>, close_hour: u32) -> bool {
    started_at <= now && now < auto_close_at(started_at, close_hour)
}

/// One ward's day so far. Facts about other wards are left out, so the store
/// may read a little wide.
#[allow(clippy::too_many_arguments)]
pub fn ward_today(
    (ward_id, ward_name, site_name): (&str, &str, &str),
    shifts: &[OpenShiftFact],
    contacts: &[ContactFact],
    groups: &[GroupFact],
    concerns: &[WaitingConcern],
    now: DateTime<Utc>,
    close_hour: u32,
) -> WardToday {
    let mut on_shift: Vec<OnShift> = shifts
        .iter()
        .filter(|s| s.ward_id == ward_id && on_shift_now(s.started_at, now, close_hour))
        .map(|s| OnShift { name: s.name.clone(), since: s.started_at })
        .collect();
    on_shift.sort_by(|a, b| a.name.cmp(&b.name));
    on_shift.dedup_by(|a, b| a.name == b.name);
    let contacts: Vec<&ContactFact> = contacts.iter().filter(|c| c.ward_id == ward_id).collect();
    let mut groups: Vec<&GroupFact> = groups.iter().filter(|g| g.ward_id == ward_id).collect();
    groups.sort_by_key(|g| g.started_at);
    let mut waiting: Vec<WaitingConcern> =
        concerns.iter().filter(|c| c.ward_id == ward_id).cloned().collect();
    waiting.sort_by_key(|c| c.received_at);
    let today: AttendanceDay = attendance_day(uk_day(now), &contacts, &groups);
    WardToday {
        ward_id: ward_id.to_owned(),
        ward_name: ward_name.to_owned(),
        site_name: site_name.to_owned(),
        on_shift,
        contacts: today.contacts(),
        people_seen: today.seen.len() as u32,
        groups: today
            .groups
            .iter()
            .map(|g| GroupToday {
                started_at: g.started_at,
                title: g.title.clone(),
                run_by: g.run_by.clone(),
                came: g.came(),
            })
            .collect(),
        waiting,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::contact::ContactType;
    use chrono::TimeZone;

    fn at(d: u32, h: u32, m: u32) -> DateTime<Utc> {
        // December: the UK clock is UTC.
        Utc.with_ymd_and_hms(2026, 12, d, h, m, 0).single().expect("a time")
    }

    fn contact(patient: &str, ward: &str, when: DateTime<Utc>) -> ContactFact {
        ContactFact {
            started_at: when,
            contact_type: ContactType::OneToOne,
            patient_id: patient.into(),
            patient_name: patient.to_uppercase(),
            ward_id: ward.into(),
            author: "staff-psw".into(),
            author_name: "Sam Okafor".into(),
        }
    }

    #[test]
    fn today_is_the_uk_day_and_this_ward_only() {
        let now = at(4, 10, 0);
        let contacts = [
            contact("aisha", "willow", at(4, 9, 0)),
            contact("aisha", "willow", at(4, 9, 45)),
            contact("ben", "willow", at(3, 23, 30)), // yesterday
            contact("chloe", "kestrel", at(4, 9, 0)),
        ];
        let groups = [GroupFact {
            started_at: at(4, 8, 30),
            ward_id: "willow".into(),
            title: "Morning walk".into(),
            run_by: vec![("staff-psw".into(), "Sam Okafor".into())],
            attendees: vec![("aisha".into(), "Aisha".into())],
            others: 2,
        }];
        let ward =
            ward_today(("willow", "Willow Ward", "Harbour View"), &[], &contacts, &groups, &[], now, 23);
        assert_eq!(ward.contacts, 2, "yesterday's and Kestrel's are left out");
        assert_eq!(ward.people_seen, 1, "Aisha seen twice counts once");
        assert_eq!(ward.groups.len(), 1);
        assert_eq!(ward.group_attendances(), 3, "Aisha and two people not on the caseload");
    }

    #[test]
    fn who_is_on_shift_leaves_out_forgotten_check_outs() {
        let now = at(4, 10, 0);
        let shift = |name: &str, ward: &str, started_at| OpenShiftFact {
            ward_id: ward.into(),
            name: name.into(),
            started_at,
        };
        let shifts = [
            shift("Sam Okafor", "willow", at(4, 8, 0)),
            shift("Rhiannon Hughes", "willow", at(3, 9, 0)), // forgot to check out yesterday
            shift("Priya Raman", "rowan", at(4, 7, 0)),
        ];
        let ward = ward_today(("willow", "Willow Ward", "Harbour View"), &shifts, &[], &[], &[], now, 23);
        assert_eq!(ward.on_shift, [OnShift { name: "Sam Okafor".into(), since: at(4, 8, 0) }]);
        // Where nights are worked and shifts close at 10:00, one from 21:00
        // is still on at 06:00, past midnight; with the default close at
        // 23:00 it counts no longer after that.
        assert!(on_shift_now(at(3, 21, 0), at(4, 6, 0), 10));
        assert!(on_shift_now(at(3, 21, 0), at(3, 22, 59), 23));
        assert!(!on_shift_now(at(3, 21, 0), at(3, 23, 0), 23));
        assert!(!on_shift_now(at(4, 11, 0), now, 23), "a shift not started yet");
    }

    #[test]
    fn concerns_wait_longest_first_in_whole_minutes() {
        let now = at(4, 10, 0);
        let waiting = |ward: &str, received_at| WaitingConcern {
            ward_id: ward.into(),
            category: ConcernCategory::RiskToSelf,
            received_at,
        };
        let concerns =
            [waiting("willow", at(4, 9, 50)), waiting("willow", at(4, 9, 20)), waiting("rowan", at(4, 9, 0))];
        let ward = ward_today(("willow", "Willow Ward", "Harbour View"), &[], &[], &[], &concerns, now, 23);
        let waits: Vec<i64> = ward.waiting.iter().map(|c| c.waited_min(now)).collect();
        assert_eq!(waits, [40, 10]);
        assert_eq!(waiting("willow", at(4, 10, 5)).waited_min(now), 0, "a clock a little ahead");
    }
}
