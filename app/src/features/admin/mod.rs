//! Set-up: staff accounts, their roles and wards, and deployments for a
//! shift, and the resources directory (administrators); phones and tablets
//! (administrators, and managers for their sites' staff).

mod manage_staff;
mod resources;
mod staff_card;
mod staff_forms;
mod staff_page;

pub use manage_staff::{
    create_staff, deploy_staff, end_deployment, list_staff, reset_staff_password, set_staff_access,
    set_staff_active, CreateStaff, DeployStaff, EndDeployment, ResetStaffPassword, SetStaffAccess,
    SetStaffActive,
};
pub use resources::{
    add_resource, list_resources, retire_resource, AddResource, ResourcesPage, RetireResource,
};
pub(crate) use staff_forms::{error_of, reload_after};
pub use staff_page::StaffPage;

/// Which set-up page an address names: staff accounts, the resources
/// directory, and phones and tablets are one route and one download (as the
/// reports are), so each costs the main download nothing more.
#[leptos::component]
pub fn AdminPage() -> impl leptos::prelude::IntoView {
    use leptos::prelude::*;
    let pathname = leptos_router::hooks::use_location().pathname;
    move || match pathname.get().trim_end_matches('/') {
        "/admin/staff" => view! { <StaffPage /> }.into_any(),
        "/admin/resources" => view! { <ResourcesPage /> }.into_any(),
        "/admin/phones" => view! { <crate::features::phones::PhonesPage /> }.into_any(),
        _ => view! { <crate::ui::NotFound /> }.into_any(),
    }
}

crate::features::lazy_page!(
    /// `/admin/staff`, `/admin/resources` and `/admin/phones`, loaded only
    /// when one is opened: phones never download the set-up pages.
    AdminRoute => AdminPage
);
