//! Set-up for administrators: staff accounts, their roles and wards, and
//! deployments for a shift.

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

crate::features::lazy_page!(
    /// `/admin/staff`, loaded only when an administrator opens it: phones never
    /// download the set-up pages.
    StaffRoute => StaffPage
);

crate::features::lazy_page!(
    /// `/admin/resources`, the community resources directory, loaded only
    /// when an administrator opens it.
    ResourcesRoute => ResourcesPage
);
