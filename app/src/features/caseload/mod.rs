//! Today's caseload: the PSW's home.

mod caseload_page;
mod get_home;

pub use caseload_page::CaseloadPage;
pub use get_home::{get_home, Home};
