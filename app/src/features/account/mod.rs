//! The signed-in member of staff's own account.

mod change_password;
mod get_me;
mod password_page;
mod staff_header;

pub use change_password::{change_password, ChangePassword};
pub use get_me::get_me;
pub use password_page::PasswordPage;
pub use staff_header::StaffHeader;

crate::features::lazy_page!(
    /// `/account/password`, loaded only when someone changes their password.
    PasswordRoute => PasswordPage
);
