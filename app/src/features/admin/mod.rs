//! Set-up for administrators: staff accounts.

mod manage_staff;
mod staff_page;

pub use manage_staff::{
    list_staff, reset_staff_password, set_staff_active, ResetStaffPassword, SetStaffActive,
};
pub use staff_page::StaffPage;
