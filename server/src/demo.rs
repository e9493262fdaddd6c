//! Fictional demo data: two hospitals, four wards, 28 patients and the demo
//! accounts. Every name here is made up.

use crate::auth::{hash_password, HashError};
use crate::store::{DemoData, DemoPatient, DemoSite, DemoStaff, DemoWard};
use app::domain::Role;
use chrono::{Duration, NaiveDate};

/// The demo accounts' password when `ALONGSIDE_DEMO_PASSWORD` is not set.
pub const DEFAULT_PASSWORD: &str = "walk-alongside-2026";

/// (username, display name, role, wards by index into [`WARDS`]).
pub const ACCOUNTS: [(&str, &str, Role, &[usize]); 5] = [
    ("psw", "Sam Okafor", Role::PeerSupportWorker, &[0, 1]),
    ("psw2", "Rhiannon Hughes", Role::PeerSupportWorker, &[2, 3]),
    ("nurse", "Priya Raman", Role::NurseInCharge, &[0, 1]),
    ("manager", "Dafydd Morgan", Role::Manager, &[0, 1, 2, 3]),
    ("admin", "Alex Byrne", Role::Admin, &[]),
];

const SITES: [(&str, &str); 2] =
    [("site-st-brigid", "St Brigid's Hospital"), ("site-harbour", "Harbour View Hospital")];

/// (id, site index, name, usual place for sessions).
const WARDS: [(&str, usize, &str, &str); 4] = [
    ("ward-willow", 0, "Willow Ward", "Quiet room"),
    ("ward-rowan", 0, "Rowan Ward", "Day room"),
    ("ward-kestrel", 1, "Kestrel Ward", "Garden room"),
    ("ward-heron", 1, "Heron Ward", "Activity room"),
];

const NAMES: [&str; 28] = [
    "Aisha", "Ben", "Chloe", "Dev", "Ella", "Finn", "Grace", "Hamza", "Isla", "Jay", "Kemi", "Leo", "Maya",
    "Noah", "Orla", "Pat", "Quinn", "Rosa", "Sol", "Tariq", "Una", "Vik", "Wren", "Xander", "Yara", "Zac",
    "Bea", "Cal",
];

/// A fictional community resources directory (telephone numbers from
/// Ofcom's drama range, which reach nobody).
const RESOURCES: [(&str, &str, &str); 6] = [
    (
        "Harbour Recovery College",
        "Free courses on recovery and wellbeing, co-produced with people with lived experience.",
        "01632 960 001",
    ),
    (
        "Riverside Walking Group",
        "A gentle walk by the river every Tuesday and Saturday morning, with tea after.",
        "01632 960 002",
    ),
    (
        "Bayside Hearing Voices Group",
        "A peer-led group for people who hear voices, Thursday evenings.",
        "01632 960 003",
    ),
    (
        "St Brigid's Benefits Advice",
        "Help with benefits, debt and housing forms, by appointment.",
        "01632 960 004",
    ),
    ("Harbour Men's Shed", "Woodwork, repairs and company, weekday afternoons.", "01632 960 005"),
    (
        "Lighthouse Carers' Café",
        "A drop-in for family and friends who care for someone, first Monday of the month.",
        "01632 960 006",
    ),
];

/// Builds the demo data, hashing `password` for every account.
pub fn demo_data(password: &str, today: NaiveDate) -> Result<DemoData, HashError> {
    let sites = SITES.iter().map(|(id, name)| DemoSite { id: (*id).into(), name: (*name).into() }).collect();
    let wards = WARDS
        .iter()
        .map(|(id, site, name, place)| DemoWard {
            id: (*id).into(),
            site_id: SITES[*site].0.into(),
            name: (*name).into(),
            usual_place: (*place).into(),
        })
        .collect();
    let staff = ACCOUNTS
        .iter()
        .map(|(username, display_name, role, wards)| {
            Ok(DemoStaff {
                id: format!("staff-{username}"),
                username: (*username).into(),
                display_name: (*display_name).into(),
                role: *role,
                password_hash: hash_password(password)?,
                ward_ids: wards.iter().map(|w| WARDS[*w].0.to_string()).collect(),
            })
        })
        .collect::<Result<_, HashError>>()?;
    let patients = NAMES
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let ward = i % WARDS.len();
            let bed = i / WARDS.len() + 1;
            DemoPatient {
                id: format!("patient-{:03}", i + 1),
                local_id: format!("AL{:05}", 10_001 + i * 37),
                preferred_name: (*name).into(),
                ward_id: WARDS[ward].0.into(),
                bed: format!("Bed {bed}"),
                admitted_on: today - Duration::days(((i * 7) % 45 + 1) as i64),
                // A few people have not (yet) agreed to peer support.
                consent_to_peer_support: i % 9 != 4,
            }
        })
        .collect();
    let resources = RESOURCES.iter().map(|(n, o, c)| ((*n).into(), (*o).into(), (*c).into())).collect();
    Ok(DemoData { sites, wards, staff, patients, resources })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_has_two_hospitals_four_wards_and_at_least_24_patients() {
        let data = demo_data("a-long-demo-password", NaiveDate::from_ymd_opt(2026, 11, 25).expect("date"))
            .expect("demo data");
        assert_eq!(data.sites.len(), 2);
        assert_eq!(data.wards.len(), 4);
        assert!(data.patients.len() >= 24);
        let usernames: Vec<_> = data.staff.iter().map(|s| s.username.as_str()).collect();
        assert_eq!(usernames, ["psw", "psw2", "nurse", "manager", "admin"]);
    }

    #[test]
    fn psw2_shares_no_ward_with_psw_and_the_nurse_shares_psws_wards() {
        let wards = |name: &str| ACCOUNTS.iter().find(|a| a.0 == name).map(|a| a.3).unwrap_or(&[]);
        assert!(wards("psw").iter().all(|w| !wards("psw2").contains(w)));
        assert_eq!(wards("nurse"), wards("psw"));
    }
}
