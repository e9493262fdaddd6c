//! The reports as rows for the service's spreadsheets: one header row, then
//! one row per PSW (weekly returns) or per person seen and group run each
//! day (ward attendance). Text only; the server writes them as CSV.

use super::{hours_and_minutes, ReturnRow, SubmittedReturn, WardWeek, Week, WorkKind};
use crate::domain::contact::ContactType;

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or
/// carriage return first) is written with a `'` before it, so a note cannot
/// become a command in the service's spreadsheet.
pub fn safe_cell(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    }
}

fn hours(minutes: i64) -> String {
    format!("{:.2}", minutes as f64 / 60.0)
}

/// The header of the weekly returns export.
pub fn return_header() -> Vec<String> {
    let mut header: Vec<String> = [
        "Week starting",
        "Name",
        "Sites",
        "Status",
        "Version",
        "Submitted at (UTC)",
        "Hours on shift",
        "Hours by ward",
    ]
    .map(str::to_owned)
    .to_vec();
    header.push("Contacts".into());
    header.extend(ContactType::ALL.iter().map(|t| t.label().to_owned()));
    header.extend(["People seen", "Groups run", "Concerns raised"].map(str::to_owned));
    header.extend(WorkKind::ALL.iter().map(|k| format!("{} (hours)", k.label())));
    header.extend(["Notes", "Reason for amendment"].map(str::to_owned));
    header
}

/// One PSW's row: their latest version if handed in, else who they are
/// and "Not submitted".
pub fn return_row(week: Week, row: &ReturnRow, latest: Option<&SubmittedReturn>) -> Vec<String> {
    let mut cells = vec![week.key(), row.name.clone(), row.sites.clone()];
    let Some(handed) = latest else {
        cells.push("Not submitted".into());
        cells.resize(return_header().len(), String::new());
        return cells;
    };
    let figures = &handed.figures;
    let status = if handed.version == 1 { "Submitted" } else { "Amended" };
    let at = chrono::DateTime::from_timestamp_millis(handed.submitted_ms)
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default();
    let by_ward = figures
        .places
        .iter()
        .map(|p| format!("{} / {}: {}", p.site_name, p.ward_name, hours_and_minutes(p.minutes)))
        .collect::<Vec<_>>()
        .join("; ");
    cells.extend([status.to_owned(), handed.version.to_string(), at, hours(figures.shift_minutes), by_ward]);
    cells.push(figures.contacts_total.to_string());
    cells.extend(
        ContactType::ALL
            .iter()
            .map(|t| figures.contacts.iter().find(|(kind, _)| kind == t).map_or(0, |(_, n)| *n).to_string()),
    );
    cells.extend([figures.people_seen, figures.groups_run, figures.concerns_raised].map(|n| n.to_string()));
    cells.extend(
        WorkKind::ALL
            .iter()
            .map(|k| hours(figures.work.iter().find(|w| w.kind == *k).map_or(0, |w| i64::from(w.minutes)))),
    );
    cells.extend([handed.notes.clone(), handed.reason.clone()]);
    cells
}

/// The header of the ward attendance export.
pub fn attendance_header() -> Vec<String> {
    ["Date", "Kind", "Title", "Who", "Contacts or attendance", "By"].map(str::to_owned).to_vec()
}

/// The ward's week: each person seen one to one each day, then each group
/// with who came; then each PSW's totals.
pub fn attendance_rows(record: &WardWeek) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for day in &record.days {
        let date = day.date.format("%Y-%m-%d").to_string();
        for seen in &day.seen {
            rows.push(vec![
                date.clone(),
                "One to one".into(),
                String::new(),
                seen.patient_name.clone(),
                seen.contacts.to_string(),
                seen.by.join("; "),
            ]);
        }
        for group in &day.groups {
            let mut who = group.attendees.join("; ");
            if group.others > 0 {
                who = format!(
                    "{who}{}{} not on the caseload",
                    if who.is_empty() { "" } else { "; " },
                    group.others
                );
            }
            rows.push(vec![
                date.clone(),
                "Group".into(),
                group.title.clone(),
                who,
                group.came().to_string(),
                group.run_by.join("; "),
            ]);
        }
    }
    for psw in &record.by_psw {
        rows.push(vec![
            String::new(),
            "Total for the week".into(),
            String::new(),
            format!("{} contacts, {} people, {} groups", psw.contacts, psw.people, psw.groups),
            psw.contacts.to_string(),
            psw.name.clone(),
        ]);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_that_looks_like_a_formula_is_made_text() {
        assert_eq!(safe_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(safe_cell("-3"), "'-3");
        assert_eq!(safe_cell("@cmd"), "'@cmd");
        assert_eq!(safe_cell("Quiet week"), "Quiet week");
        assert_eq!(safe_cell(""), "");
    }

    #[test]
    fn a_psw_who_has_not_submitted_has_a_row_saying_so() {
        let week = Week::parse("2026-11-30").expect("week");
        let row = ReturnRow {
            staff_id: "s".into(),
            name: "Sam Okafor".into(),
            sites: "St Brigid's".into(),
            latest: None,
        };
        let cells = return_row(week, &row, None);
        assert_eq!(cells.len(), return_header().len());
        assert_eq!(&cells[..4], ["2026-11-30", "Sam Okafor", "St Brigid's", "Not submitted"]);
    }
}
