//! The week's reports: a PSW's weekly return (reviewed, handed in, amended
//! with a reason), a manager's collection of their sites' returns, and a
//! ward's attendance record; each downloadable as CSV and printable.

mod attendance_page;
mod get_reports;
mod my_return;
mod return_figures;
mod returns_list;
mod returns_page;
mod week_nav;
mod work_log_form;

pub use attendance_page::AttendancePage;
pub use get_reports::*;
pub use returns_page::{ReturnsPage, StaffReturnPage};

/// Which report an address names; all are one route and one download, so
/// that what they share is fetched once and each costs the main download
/// nothing more.
#[leptos::component]
pub fn ReportsPage() -> impl leptos::prelude::IntoView {
    use leptos::prelude::*;
    // Moving between reports stays on this route: follow the address.
    let pathname = leptos_router::hooks::use_location().pathname;
    move || {
        let path = pathname.get();
        match path.trim_end_matches('/') {
            "/reports/returns" => view! { <ReturnsPage /> }.into_any(),
            "/reports/attendance" => view! { <AttendancePage /> }.into_any(),
            other => match other.strip_prefix("/reports/returns/") {
                Some(staff_id) if !staff_id.is_empty() && !staff_id.contains('/') => {
                    view! { <StaffReturnPage staff_id=staff_id.to_owned() /> }.into_any()
                }
                _ => view! { <crate::ui::NotFound /> }.into_any(),
            },
        }
    }
}

crate::features::lazy_page!(
    /// `/reports/returns`, `/reports/returns/{staff_id}` and
    /// `/reports/attendance`, in a download of their own: opened once a week.
    ReportsRoute => ReportsPage
);
