//! Today's caseload: the PSW's home.

mod caseload_page;
mod get_home;
mod needs_attention;
mod record_group;
mod this_phone;

pub use caseload_page::CaseloadPage;
pub use get_home::{get_home, Home};

crate::features::lazy_page!(
    /// `/`: the caseload with the concerns and follow-ups above it, in a
    /// download of its own so that the sign-in page and the shell every
    /// page shares stay small (the service worker keeps it for offline use).
    CaseloadRoute => CaseloadPage
);
