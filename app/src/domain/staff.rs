//! Staff accounts as the admin pages show them.

use super::Role;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffSummary {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub ward_names: Vec<String>,
    pub active: bool,
}
