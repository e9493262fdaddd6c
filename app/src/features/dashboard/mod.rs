//! The live dashboard: for managers (every ward of their sites) and the
//! nurse in charge (their wards), who is on shift now, today's contacts and
//! groups, and the concerns still waiting, kept up to date by the server's
//! event stream without a reload.

mod dashboard_page;
mod get_dashboard;
mod live;
mod ward_card;

pub use dashboard_page::DashboardPage;
pub use get_dashboard::get_dashboard;

crate::features::lazy_page!(
    /// `/dashboard`, in a download of its own: only nurses and managers open it.
    DashboardRoute => DashboardPage
);
