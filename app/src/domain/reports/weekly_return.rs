//! A PSW's weekly return: what the week's records add up to.

use super::{minutes_in_week, ContactFact, GroupFact, ShiftFact, Week};
use crate::domain::contact::{vocabulary, ContactType};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

vocabulary! {
    /// The rest of the working week, logged in a few taps.
    WorkKind {
        SupervisionIndividual = "supervision_individual" => "Supervision, one to one",
        SupervisionGroup = "supervision_group" => "Supervision, in a group",
        Training = "training" => "Training",
        Meeting = "meeting" => "Meeting",
        Travel = "travel" => "Travel between sites",
    }
}

/// One piece of the rest of the week: supervision, training, a meeting or
/// travel, on a day, for so many minutes, with whom (or what).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkLog {
    pub kind: WorkKind,
    pub on: NaiveDate,
    pub minutes: u32,
    pub with_whom: String,
}

/// Hours on one ward, from shifts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaceHours {
    pub site_name: String,
    pub ward_name: String,
    pub minutes: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkTotals {
    pub kind: WorkKind,
    pub times: u32,
    pub minutes: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeeklyReturn {
    pub week: Week,
    /// By site, then ward.
    pub places: Vec<PlaceHours>,
    pub shift_minutes: i64,
    /// Shifts the server closed because no one checked out.
    pub closed_automatically: u32,
    /// Every kind of contact, in the form's order, with how many.
    pub contacts: Vec<(ContactType, u32)>,
    pub contacts_total: u32,
    /// Different people seen one to one.
    pub people_seen: u32,
    /// Groups they ran or helped run.
    pub groups_run: u32,
    pub concerns_raised: u32,
    /// Every kind of the rest of the week, in order, with how often and how long.
    pub work: Vec<WorkTotals>,
}

/// What the store reads for a PSW's week.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PswWeekFacts {
    pub shifts: Vec<ShiftFact>,
    pub contacts: Vec<ContactFact>,
    pub groups: Vec<GroupFact>,
    /// When each concern they raised was raised.
    pub concerns_raised: Vec<DateTime<Utc>>,
    pub logs: Vec<WorkLog>,
}

/// What `staff_id`'s records add up to in `week`, as of `now` (a shift still
/// open counts up to now). Facts outside the week, or someone else's, are
/// left out here too, so the store may read a little wide.
pub fn weekly_return(week: Week, staff_id: &str, now: DateTime<Utc>, facts: &PswWeekFacts) -> WeeklyReturn {
    let PswWeekFacts { shifts, contacts, groups, concerns_raised, logs } = facts;
    let mut places: BTreeMap<(String, String), i64> = BTreeMap::new();
    let mut closed_automatically = 0;
    for shift in shifts {
        let end = shift.end.unwrap_or(now).max(shift.start);
        let minutes = minutes_in_week(week, shift.start, end);
        if minutes == 0 {
            continue;
        }
        *places.entry((shift.site_name.clone(), shift.ward_name.clone())).or_default() += minutes;
        closed_automatically += u32::from(shift.closed_automatically);
    }
    let places: Vec<PlaceHours> = places
        .into_iter()
        .map(|((site_name, ward_name), minutes)| PlaceHours { site_name, ward_name, minutes })
        .collect();

    let mine: Vec<&ContactFact> =
        contacts.iter().filter(|c| c.author == staff_id && week.contains(c.started_at)).collect();
    let contacts_by_type = ContactType::ALL
        .iter()
        .map(|t| (*t, mine.iter().filter(|c| c.contact_type == *t).count() as u32))
        .collect();
    let people: BTreeSet<&str> = mine.iter().map(|c| c.patient_id.as_str()).collect();
    let groups_run = groups
        .iter()
        .filter(|g| week.contains(g.started_at) && g.run_by.iter().any(|(id, _)| id == staff_id))
        .count() as u32;
    let work = WorkKind::ALL
        .iter()
        .map(|kind| {
            let these = logs.iter().filter(|l| l.kind == *kind && week.days().contains(&l.on));
            let (times, minutes) = these.fold((0, 0), |(n, m), l| (n + 1, m + l.minutes));
            WorkTotals { kind: *kind, times, minutes }
        })
        .collect();
    WeeklyReturn {
        week,
        shift_minutes: places.iter().map(|p| p.minutes).sum(),
        places,
        closed_automatically,
        contacts: contacts_by_type,
        contacts_total: mine.len() as u32,
        people_seen: people.len() as u32,
        groups_run,
        concerns_raised: concerns_raised.iter().filter(|at| week.contains(**at)).count() as u32,
        work,
    }
}

/// "7 h 30 min", "45 min", "0 min".
pub fn hours_and_minutes(minutes: i64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}
