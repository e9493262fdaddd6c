use super::*;
use crate::domain::contact::ContactType;
use chrono::NaiveDate;

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).expect("time").with_timezone(&Utc)
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
}

fn week() -> Week {
    Week::parse("2026-11-30").expect("a Monday")
}

fn shift(ward: (&str, &str, &str), start: &str, end: Option<&str>) -> ShiftFact {
    ShiftFact {
        ward_id: ward.0.into(),
        ward_name: ward.1.into(),
        site_name: ward.2.into(),
        start: utc(start),
        end: end.map(utc),
        closed_automatically: false,
    }
}

const WILLOW: (&str, &str, &str) = ("ward-willow", "Willow Ward", "Riverside Hospital");
const CEDAR: (&str, &str, &str) = ("ward-cedar", "Cedar Ward", "Hillview Centre");

fn contact(at: &str, patient: (&str, &str), author: (&str, &str), contact_type: ContactType) -> ContactFact {
    ContactFact {
        started_at: utc(at),
        contact_type,
        patient_id: patient.0.into(),
        patient_name: patient.1.into(),
        ward_id: WILLOW.0.into(),
        author: author.0.into(),
        author_name: author.1.into(),
    }
}

const AISHA: (&str, &str) = ("patient-001", "Aisha Khan");
const BEN: (&str, &str) = ("patient-002", "Ben Carter");
const SAM: (&str, &str) = ("staff-psw", "Sam Okafor");
const PRIYA: (&str, &str) = ("staff-priya", "Priya Raman");

fn group(at: &str, run_by: &[(&str, &str)], attendees: &[(&str, &str)], others: u32) -> GroupFact {
    GroupFact {
        started_at: utc(at),
        ward_id: WILLOW.0.into(),
        title: "Music group".into(),
        run_by: run_by.iter().map(|(i, n)| (i.to_string(), n.to_string())).collect(),
        attendees: attendees.iter().map(|(i, n)| (i.to_string(), n.to_string())).collect(),
        others,
    }
}

#[test]
fn a_psw_on_two_sites_in_one_week_has_their_hours_on_each() {
    let mut night = shift(CEDAR, "2026-12-03T20:00:00Z", Some("2026-12-04T08:00:00Z"));
    night.closed_automatically = true;
    let facts = PswWeekFacts {
        shifts: vec![
            shift(WILLOW, "2026-11-30T08:00:00Z", Some("2026-11-30T16:30:00Z")),
            shift(WILLOW, "2026-12-01T08:00:00Z", Some("2026-12-01T16:00:00Z")),
            night,
            // The week before: not counted.
            shift(WILLOW, "2026-11-27T08:00:00Z", Some("2026-11-27T16:00:00Z")),
        ],
        ..Default::default()
    };
    let figures = weekly_return(week(), SAM.0, utc("2026-12-07T09:00:00Z"), &facts);
    assert_eq!(
        figures.places,
        vec![
            PlaceHours {
                site_name: "Hillview Centre".into(),
                ward_name: "Cedar Ward".into(),
                minutes: 12 * 60
            },
            PlaceHours {
                site_name: "Riverside Hospital".into(),
                ward_name: "Willow Ward".into(),
                minutes: 16 * 60 + 30
            },
        ]
    );
    assert_eq!(figures.shift_minutes, 28 * 60 + 30);
    assert_eq!(hours_and_minutes(figures.shift_minutes), "28 h 30 min");
    assert_eq!(figures.closed_automatically, 1);
}

#[test]
fn a_shift_over_the_end_of_the_week_counts_in_each_week_and_one_still_open_up_to_now() {
    let facts = PswWeekFacts {
        shifts: vec![
            shift(WILLOW, "2026-12-06T20:00:00Z", Some("2026-12-07T08:00:00Z")),
            shift(CEDAR, "2026-12-07T09:00:00Z", None),
        ],
        ..Default::default()
    };
    let now = utc("2026-12-07T11:15:00Z");
    assert_eq!(weekly_return(week(), SAM.0, now, &facts).shift_minutes, 4 * 60);
    let next = weekly_return(week().next(), SAM.0, now, &facts);
    assert_eq!(next.shift_minutes, 8 * 60 + 2 * 60 + 15);
    assert_eq!(hours_and_minutes(45), "45 min");
    assert_eq!(hours_and_minutes(120), "2 h");
}

#[test]
fn the_return_counts_contacts_by_type_groups_concerns_and_the_rest_of_the_week() {
    let facts = PswWeekFacts {
        contacts: vec![
            contact("2026-11-30T10:00:00Z", AISHA, SAM, ContactType::OneToOne),
            contact("2026-11-30T15:00:00Z", AISHA, SAM, ContactType::OneToOne),
            contact("2026-12-02T10:00:00Z", BEN, SAM, ContactType::AccompaniedWalk),
            // Someone else's, and last week's: not Sam's return.
            contact("2026-12-02T11:00:00Z", BEN, PRIYA, ContactType::OneToOne),
            contact("2026-11-29T11:00:00Z", BEN, SAM, ContactType::OneToOne),
        ],
        groups: vec![
            group("2026-12-01T14:00:00Z", &[PRIYA, SAM], &[AISHA, BEN], 1),
            group("2026-12-02T14:00:00Z", &[SAM], &[AISHA], 0),
            group("2026-12-03T14:00:00Z", &[PRIYA], &[BEN], 0),
        ],
        concerns_raised: vec![utc("2026-12-01T12:00:00Z"), utc("2026-11-20T12:00:00Z")],
        logs: vec![
            WorkLog {
                kind: WorkKind::SupervisionIndividual,
                on: date("2026-12-02"),
                minutes: 60,
                with_whom: "Jo Adeyemi".into(),
            },
            WorkLog { kind: WorkKind::Travel, on: date("2026-12-03"), minutes: 25, with_whom: String::new() },
            WorkLog { kind: WorkKind::Travel, on: date("2026-12-04"), minutes: 25, with_whom: String::new() },
            WorkLog {
                kind: WorkKind::Training,
                on: date("2026-12-07"),
                minutes: 180,
                with_whom: "Next week".into(),
            },
        ],
        ..Default::default()
    };
    let figures = weekly_return(week(), SAM.0, utc("2026-12-07T09:00:00Z"), &facts);
    let count = |t: ContactType| figures.contacts.iter().find(|(k, _)| *k == t).map(|(_, n)| *n);
    assert_eq!(figures.contacts.len(), ContactType::ALL.len(), "every kind is listed, even at none");
    assert_eq!(count(ContactType::OneToOne), Some(2));
    assert_eq!(count(ContactType::AccompaniedWalk), Some(1));
    assert_eq!(count(ContactType::WardActivity), Some(0));
    assert_eq!(figures.contacts_total, 3);
    assert_eq!(figures.people_seen, 2, "Aisha seen twice is one person");
    assert_eq!(figures.groups_run, 2, "one run, one helped run");
    assert_eq!(figures.concerns_raised, 1);
    let work = |k: WorkKind| figures.work.iter().find(|w| w.kind == k).map(|w| (w.times, w.minutes));
    assert_eq!(work(WorkKind::SupervisionIndividual), Some((1, 60)));
    assert_eq!(work(WorkKind::Travel), Some((2, 50)));
    assert_eq!(work(WorkKind::Training), Some((0, 0)), "Monday 7th is next week");
}

#[test]
fn a_patient_seen_twice_in_a_day_is_one_person_seen_with_two_contacts() {
    let contacts = vec![
        contact("2026-12-01T09:00:00Z", AISHA, SAM, ContactType::OneToOne),
        contact("2026-12-01T15:00:00Z", AISHA, PRIYA, ContactType::DailyLiving),
        contact("2026-12-01T16:00:00Z", BEN, SAM, ContactType::OneToOne),
        contact("2026-12-04T10:00:00Z", AISHA, SAM, ContactType::OneToOne),
    ];
    let record = ward_attendance(week(), WILLOW.0, &contacts, &[]);
    assert_eq!(record.days.len(), 7);
    let tuesday = &record.days[1];
    assert_eq!(tuesday.date, date("2026-12-01"));
    assert_eq!(
        tuesday.seen,
        vec![
            Seen {
                patient_id: AISHA.0.into(),
                patient_name: AISHA.1.into(),
                contacts: 2,
                by: vec![SAM.1.into(), PRIYA.1.into()]
            },
            Seen {
                patient_id: BEN.0.into(),
                patient_name: BEN.1.into(),
                contacts: 1,
                by: vec![SAM.1.into()]
            },
        ]
    );
    assert_eq!(tuesday.contacts(), 3);
    assert_eq!(record.contacts(), 4);
    assert_eq!(record.people_seen, 2);
    assert_eq!(
        record.by_psw,
        vec![
            PswTotals { name: PRIYA.1.into(), contacts: 1, people: 1, groups: 0 },
            PswTotals { name: SAM.1.into(), contacts: 3, people: 2, groups: 0 },
        ]
    );
}

#[test]
fn groups_are_on_the_day_they_ran_with_everyone_who_came() {
    let groups = vec![
        group("2026-12-02T14:00:00Z", &[SAM, PRIYA], &[AISHA, BEN], 2),
        group("2026-12-02T10:00:00Z", &[PRIYA], &[BEN], 0),
        GroupFact { ward_id: CEDAR.0.into(), ..group("2026-12-02T10:00:00Z", &[SAM], &[AISHA], 0) },
    ];
    let record = ward_attendance(week(), WILLOW.0, &[], &groups);
    let wednesday = &record.days[2];
    assert_eq!(wednesday.groups.len(), 2, "another ward's group is not on this record");
    assert_eq!(wednesday.groups[0].started_at, utc("2026-12-02T10:00:00Z"), "in the order they ran");
    assert_eq!(wednesday.groups[1].attendees, vec![AISHA.1.to_owned(), BEN.1.to_owned()]);
    assert_eq!(wednesday.groups[1].came(), 4);
    assert_eq!(wednesday.group_attendances(), 5);
    assert_eq!((record.groups(), record.group_attendances()), (2, 5));
    let sam = record.by_psw.iter().find(|p| p.name == SAM.1).expect("Sam ran one");
    assert_eq!(sam.groups, 1);
    assert_eq!(record.by_psw.iter().find(|p| p.name == PRIYA.1).map(|p| p.groups), Some(2));
}

#[test]
fn a_contact_late_on_a_summer_sunday_evening_is_on_the_uk_day_not_the_utc_one() {
    let summer = Week::parse("2026-06-29").expect("Monday");
    // 23:30 UTC on Sunday 5 July is 00:30 on Monday 6 July in London.
    let contacts = vec![
        contact("2026-07-05T22:30:00Z", AISHA, SAM, ContactType::OneToOne),
        contact("2026-07-05T23:30:00Z", BEN, SAM, ContactType::OneToOne),
    ];
    let record = ward_attendance(summer, WILLOW.0, &contacts, &[]);
    assert_eq!(
        record.days[6].seen.iter().map(|s| s.patient_name.as_str()).collect::<Vec<_>>(),
        vec!["Aisha Khan"]
    );
    assert_eq!(record.contacts(), 1);
    assert_eq!(ward_attendance(summer.next(), WILLOW.0, &contacts, &[]).days[0].seen.len(), 1);
}
