//! Server functions for the staff accounts page. Each is judged by the access
//! rule (administrators only) on the server, and checks its input there.

use crate::domain::staff::StaffDirectory;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
pub(super) fn refused(e: crate::domain::staff::AdminError) -> ServerFnError {
    crate::backend::set_status(e.status());
    ServerFnError::new(e.to_string())
}

#[server(endpoint = "list_staff")]
pub async fn list_staff() -> Result<StaffDirectory, ServerFnError> {
    use crate::backend::{backend, signed_in};
    let me = signed_in().await?;
    backend()?.0.staff(&me).await.map_err(refused)
}

/// Adds an account and returns its temporary password, shown once; the
/// person chooses their own at first sign-in.
#[server(endpoint = "create_staff")]
pub async fn create_staff(
    username: String,
    display_name: String,
    role: String,
    #[server(default)] ward_ids: Vec<String>,
) -> Result<String, ServerFnError> {
    use crate::backend::{backend, signed_in};
    use crate::domain::staff::NewStaff;
    let me = signed_in().await?;
    let new = NewStaff::parse(&username, &display_name, &role, ward_ids);
    backend()?.0.create_staff(&me, new).await.map_err(refused)
}

/// Replaces an account's role and wards.
#[server(endpoint = "set_staff_access")]
pub async fn set_staff_access(
    staff_id: String,
    role: String,
    #[server(default)] ward_ids: Vec<String>,
) -> Result<(), ServerFnError> {
    use crate::backend::{backend, signed_in};
    use crate::domain::staff::StaffAccess;
    let me = signed_in().await?;
    let access = StaffAccess::parse(&role, ward_ids);
    backend()?.0.set_staff_access(&me, &staff_id, access).await.map_err(refused)
}

/// Deploys someone to a ward for one shift (UK times; no end means midnight).
#[server(endpoint = "deploy_staff")]
pub async fn deploy_staff(
    staff_id: String,
    ward_id: String,
    starts: String,
    #[server(default)] ends: String,
) -> Result<(), ServerFnError> {
    use crate::backend::{backend, signed_in};
    let me = signed_in().await?;
    backend()?.0.deploy_staff(&me, &staff_id, &ward_id, &starts, &ends).await.map_err(refused)
}

/// Ends a deployment now.
#[server(endpoint = "end_deployment")]
pub async fn end_deployment(deployment_id: String) -> Result<(), ServerFnError> {
    use crate::backend::{backend, signed_in};
    let me = signed_in().await?;
    backend()?.0.end_deployment(&me, &deployment_id).await.map_err(refused)
}

/// Turns an account off (its sessions end at once) or back on.
#[server(endpoint = "set_staff_active")]
pub async fn set_staff_active(staff_id: String, active: bool) -> Result<(), ServerFnError> {
    use crate::backend::{backend, signed_in};
    let me = signed_in().await?;
    backend()?.0.set_staff_active(&me, &staff_id, active).await.map_err(refused)
}

/// Gives the account a temporary password, returned once to show the admin;
/// the person must choose their own at their next sign-in.
#[server(endpoint = "reset_staff_password")]
pub async fn reset_staff_password(staff_id: String) -> Result<String, ServerFnError> {
    use crate::backend::{backend, signed_in};
    let me = signed_in().await?;
    backend()?.0.reset_staff_password(&me, &staff_id).await.map_err(refused)
}
