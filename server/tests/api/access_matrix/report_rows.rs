//! The matrix's rows for the week's reports and their exports.

use super::rows::{Row, Who};

/// The reports' one route: the weekly return, one PSW's, the attendance record.
const REPORTS: &str = "/reports/{*page}";

pub(super) fn report_rows() -> Vec<Row> {
    vec![
        // The weekly return: a PSW's own; a manager collects their sites'.
        Row {
            method: "GET",
            path: REPORTS,
            request: || ("/reports/returns".into(), String::new()),
            expect: |who| match who {
                Who::Nobody => 303,
                Who::Psw | Who::OtherWardPsw | Who::Manager => 200,
                Who::Nurse | Who::Admin => 403,
            },
        },
        Row {
            method: "POST",
            path: "/api/get_returns_view",
            request: || ("/api/get_returns_view".into(), "week=".into()),
            expect: |who| match who {
                Who::Nobody => 401,
                Who::Psw | Who::OtherWardPsw | Who::Manager => 200,
                Who::Nurse | Who::Admin => 403,
            },
        },
        Row {
            method: "POST",
            path: "/api/hand_in_return",
            request: || ("/api/hand_in_return".into(), "week=2026-11-02&notes=&reason=".into()),
            expect: |who| match who {
                Who::Nobody => 401,
                Who::Psw | Who::OtherWardPsw => 200,
                Who::Nurse | Who::Manager | Who::Admin => 403,
            },
        },
        Row {
            method: "GET",
            path: REPORTS,
            request: || ("/reports/returns/staff-psw".into(), String::new()),
            expect: |who| match who {
                Who::Nobody => 303,
                Who::Manager => 200,
                _ => 403,
            },
        },
        Row {
            method: "POST",
            path: "/api/get_staff_return",
            request: || ("/api/get_staff_return".into(), "staff_id=staff-psw&week=".into()),
            expect: |who| match who {
                Who::Nobody => 401,
                Who::Manager => 200,
                _ => 403,
            },
        },
        // A ward's attendance: those who work on it and its site's managers.
        Row {
            method: "GET",
            path: REPORTS,
            request: || ("/reports/attendance?ward=ward-willow".into(), String::new()),
            expect: |who| match who {
                Who::Nobody => 303,
                Who::Psw | Who::Nurse | Who::Manager => 200,
                Who::Admin | Who::OtherWardPsw => 403,
            },
        },
        Row {
            method: "POST",
            path: "/api/get_attendance",
            request: || ("/api/get_attendance".into(), "ward=ward-willow&week=".into()),
            expect: |who| match who {
                Who::Nobody => 401,
                Who::Psw | Who::Nurse | Who::Manager => 200,
                Who::Admin | Who::OtherWardPsw => 403,
            },
        },
        Row {
            method: "POST",
            path: "/api/note_printed",
            request: || ("/api/note_printed".into(), "what=ward+attendance".into()),
            expect: |who| match who {
                Who::Nobody => 401,
                _ => 200,
            },
        },
        Row {
            method: "GET",
            path: "/exports/returns.csv",
            request: || ("/exports/returns.csv?week=2026-11-02&site=site-st-brigid".into(), String::new()),
            expect: |who| match who {
                Who::Nobody => 303,
                Who::Manager => 200,
                _ => 403,
            },
        },
        Row {
            method: "GET",
            path: "/exports/attendance.csv",
            request: || ("/exports/attendance.csv?ward=ward-willow&week=2026-11-02".into(), String::new()),
            expect: |who| match who {
                Who::Nobody => 303,
                Who::Psw | Who::Nurse | Who::Manager => 200,
                Who::Admin | Who::OtherWardPsw => 403,
            },
        },
    ]
}
