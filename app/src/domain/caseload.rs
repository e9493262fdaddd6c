//! Today's caseload: the patients on the wards a member of staff works on.

use serde::{Deserialize, Serialize};

/// One patient as the caseload list shows them: only what the list needs
/// (Caldicott: the minimum necessary).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseloadPatient {
    pub id: String,
    pub preferred_name: String,
    pub local_id: String,
    pub bed: String,
    /// ISO date, `YYYY-MM-DD`.
    pub admitted_on: String,
    pub consent_to_peer_support: bool,
}

/// A ward and its patients, as one group on the caseload page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WardCaseload {
    pub ward_id: String,
    pub ward_name: String,
    pub site_name: String,
    pub patients: Vec<CaseloadPatient>,
    /// Who else works on the ward today, to name as running a group with
    /// the reader; filled in where the page offers that.
    #[serde(default)]
    pub colleagues: Vec<Colleague>,
}

/// A member of staff as a choice on a form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Colleague {
    pub staff_id: String,
    pub name: String,
}

impl WardCaseload {
    /// Groups rows that arrive ordered by ward into one entry per ward,
    /// keeping the order in which wards first appear.
    pub fn group(rows: impl IntoIterator<Item = (WardKey, CaseloadPatient)>) -> Vec<WardCaseload> {
        let mut wards: Vec<WardCaseload> = Vec::new();
        for (key, patient) in rows {
            match wards.iter_mut().find(|w| w.ward_id == key.ward_id) {
                Some(ward) => ward.patients.push(patient),
                None => wards.push(WardCaseload {
                    ward_id: key.ward_id,
                    ward_name: key.ward_name,
                    site_name: key.site_name,
                    patients: vec![patient],
                    colleagues: Vec::new(),
                }),
            }
        }
        wards
    }

    pub fn patient_count(list: &[WardCaseload]) -> usize {
        list.iter().map(|w| w.patients.len()).sum()
    }
}

/// Which ward a caseload row belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WardKey {
    pub ward_id: String,
    pub ward_name: String,
    pub site_name: String,
}

/// Bed labels sort as people expect: "Bed 2" before "Bed 10".
pub fn bed_order(a: &str, b: &str) -> std::cmp::Ordering {
    fn split(s: &str) -> (String, u32) {
        let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
        let letters: String = s.chars().filter(|c| !c.is_ascii_digit()).collect();
        (letters, digits.parse().unwrap_or(u32::MAX))
    }
    split(a).cmp(&split(b)).then_with(|| a.cmp(b))
}

/// An ISO date (`2026-11-03`) as people on a UK ward write it (`3 Nov 2026`).
/// Anything else is shown as it came, rather than hidden.
pub fn friendly_date(iso: &str) -> String {
    const MONTHS: [&str; 12] =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let mut parts = iso.splitn(3, '-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        return iso.to_owned();
    };
    match (y.parse::<u16>(), m.parse::<usize>(), d.parse::<u8>()) {
        (Ok(y), Ok(m @ 1..=12), Ok(d @ 1..=31)) => format!("{d} {} {y}", MONTHS[m - 1]),
        _ => iso.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_the_way_a_uk_ward_writes_them() {
        assert_eq!(friendly_date("2026-11-03"), "3 Nov 2026");
        assert_eq!(friendly_date("2026-13-03"), "2026-13-03");
        assert_eq!(friendly_date("soon"), "soon");
    }

    fn patient(id: &str, bed: &str) -> CaseloadPatient {
        CaseloadPatient {
            id: id.into(),
            preferred_name: format!("Person {id}"),
            local_id: format!("L{id}"),
            bed: bed.into(),
            admitted_on: "2026-11-01".into(),
            consent_to_peer_support: true,
        }
    }

    fn key(ward: &str) -> WardKey {
        WardKey { ward_id: ward.into(), ward_name: ward.into(), site_name: "Site".into() }
    }

    #[test]
    fn rows_are_grouped_by_ward_in_first_seen_order() {
        let grouped = WardCaseload::group([
            (key("willow"), patient("1", "Bed 1")),
            (key("willow"), patient("2", "Bed 2")),
            (key("cedar"), patient("3", "Bed 1")),
        ]);
        let names: Vec<_> = grouped.iter().map(|w| w.ward_name.as_str()).collect();
        assert_eq!(names, ["willow", "cedar"]);
        assert_eq!(grouped[0].patients.len(), 2);
        assert_eq!(WardCaseload::patient_count(&grouped), 3);
    }

    #[test]
    fn bed_two_comes_before_bed_ten() {
        let mut beds = vec!["Bed 10", "Bed 2", "Bed 1"];
        beds.sort_by(|a, b| bed_order(a, b));
        assert_eq!(beds, ["Bed 1", "Bed 2", "Bed 10"]);
    }
}
