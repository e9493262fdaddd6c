//! A ward's weekly attendance record: for each day, who was seen one to
//! one (once each, however often), the groups and who came, with totals for
//! the day, the week and each PSW.

use super::{uk_day, ContactFact, GroupFact, Week};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A person seen on a day: once in the list, with how many contacts and by whom.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seen {
    pub patient_id: String,
    pub patient_name: String,
    pub contacts: u32,
    /// The PSWs who saw them, by name, each once.
    pub by: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupDay {
    pub started_at: DateTime<Utc>,
    pub title: String,
    pub run_by: Vec<String>,
    pub attendees: Vec<String>,
    pub others: u32,
}

impl GroupDay {
    /// Everyone who came: the caseload's and the others.
    pub fn came(&self) -> u32 {
        self.attendees.len() as u32 + self.others
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceDay {
    pub date: NaiveDate,
    /// By name.
    pub seen: Vec<Seen>,
    /// In the order they ran.
    pub groups: Vec<GroupDay>,
}

impl AttendanceDay {
    pub fn contacts(&self) -> u32 {
        self.seen.iter().map(|s| s.contacts).sum()
    }

    /// People at a group: everyone who came to each, added up.
    pub fn group_attendances(&self) -> u32 {
        self.groups.iter().map(GroupDay::came).sum()
    }
}

/// One PSW's part of the ward's week.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PswTotals {
    pub name: String,
    pub contacts: u32,
    /// Different people they saw one to one.
    pub people: u32,
    /// Groups they ran or helped run.
    pub groups: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WardWeek {
    pub ward_id: String,
    pub week: Week,
    /// Monday to Sunday, every day even when nothing happened.
    pub days: Vec<AttendanceDay>,
    /// By name.
    pub by_psw: Vec<PswTotals>,
    /// Different people seen one to one in the week.
    pub people_seen: u32,
}

impl WardWeek {
    pub fn contacts(&self) -> u32 {
        self.days.iter().map(AttendanceDay::contacts).sum()
    }

    pub fn groups(&self) -> u32 {
        self.days.iter().map(|d| d.groups.len() as u32).sum()
    }

    pub fn group_attendances(&self) -> u32 {
        self.days.iter().map(AttendanceDay::group_attendances).sum()
    }
}

/// The attendance record of `ward_id` in `week`. Contacts and groups of other
/// wards or weeks are left out, so the store may read a little wide.
pub fn ward_attendance(
    week: Week,
    ward_id: &str,
    contacts: &[ContactFact],
    groups: &[GroupFact],
) -> WardWeek {
    let contacts: Vec<&ContactFact> =
        contacts.iter().filter(|c| c.ward_id == ward_id && week.contains(c.started_at)).collect();
    let mut groups: Vec<&GroupFact> =
        groups.iter().filter(|g| g.ward_id == ward_id && week.contains(g.started_at)).collect();
    groups.sort_by_key(|g| g.started_at);

    let days = week.days().into_iter().map(|date| attendance_day(date, &contacts, &groups)).collect();

    let mut by_psw: BTreeMap<&str, (u32, Vec<&str>, u32)> = BTreeMap::new();
    for c in &contacts {
        let totals = by_psw.entry(&c.author_name).or_default();
        totals.0 += 1;
        if !totals.1.contains(&c.patient_id.as_str()) {
            totals.1.push(&c.patient_id);
        }
    }
    for g in &groups {
        for (_, name) in &g.run_by {
            by_psw.entry(name).or_default().2 += 1;
        }
    }
    let mut people: Vec<&str> = contacts.iter().map(|c| c.patient_id.as_str()).collect();
    people.sort_unstable();
    people.dedup();
    WardWeek {
        ward_id: ward_id.to_owned(),
        week,
        days,
        by_psw: by_psw
            .into_iter()
            .map(|(name, (contacts, people, groups))| PswTotals {
                name: name.to_owned(),
                contacts,
                people: people.len() as u32,
                groups,
            })
            .collect(),
        people_seen: people.len() as u32,
    }
}

/// Who was seen one to one on `date` (once each, however often, by name) and
/// the groups run that day, in the order they ran. Contacts and groups of
/// other days are left out; `groups` must be in time order.
pub fn attendance_day(date: NaiveDate, contacts: &[&ContactFact], groups: &[&GroupFact]) -> AttendanceDay {
    let mut seen: BTreeMap<(&str, &str), Seen> = BTreeMap::new();
    for c in contacts.iter().filter(|c| uk_day(c.started_at) == date) {
        let entry = seen.entry((&c.patient_name, &c.patient_id)).or_insert_with(|| Seen {
            patient_id: c.patient_id.clone(),
            patient_name: c.patient_name.clone(),
            contacts: 0,
            by: Vec::new(),
        });
        entry.contacts += 1;
        if !entry.by.contains(&c.author_name) {
            entry.by.push(c.author_name.clone());
        }
    }
    let groups = groups
        .iter()
        .filter(|g| uk_day(g.started_at) == date)
        .map(|g| GroupDay {
            started_at: g.started_at,
            title: g.title.clone(),
            run_by: g.run_by.iter().map(|(_, name)| name.clone()).collect(),
            attendees: g.attendees.iter().map(|(_, name)| name.clone()).collect(),
            others: g.others,
        })
        .collect();
    AttendanceDay { date, seen: seen.into_values().collect(), groups }
}
