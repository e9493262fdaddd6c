//! The signed-in member of staff's own account.

mod get_me;
mod staff_header;

pub use get_me::get_me;
pub use staff_header::StaffHeader;
