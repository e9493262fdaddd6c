//! The signed-in member of staff's own account.

mod change_password;
mod get_me;
mod password_page;
mod staff_header;

pub use change_password::{change_password, ChangePassword};
pub use get_me::get_me;
pub use password_page::PasswordPage;
pub use staff_header::StaffHeader;

/// `/account/password`, loaded only when someone changes their password.
pub struct PasswordRoute;

#[leptos_router::lazy_route]
impl leptos_router::LazyRoute for PasswordRoute {
    fn data() -> Self {
        PasswordRoute
    }

    fn view(_this: Self) -> leptos::prelude::AnyView {
        use leptos::prelude::*;
        view! { <PasswordPage /> }.into_any()
    }
}
