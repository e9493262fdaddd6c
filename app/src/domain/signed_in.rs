//! Who is using the app right now, as the server established it.

use super::Role;
use serde::{Deserialize, Serialize};

/// The signed-in member of staff. The server builds it from the session cookie
/// on every request; the browser only ever receives a copy to show the name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedIn {
    pub staff_id: String,
    pub username: String,
    pub display_name: String,
    pub role: Role,
}
