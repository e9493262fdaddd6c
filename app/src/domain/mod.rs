//! Plain Rust types and rules shared by the browser and the server.
//!
//! Nothing here knows about the UI or the database: input is parsed into these
//! types once, at the edge, and the rest of the code can only hold valid values.

pub mod access;
pub mod caseload;
pub mod concern;
pub mod contact;
pub mod device_pin;
pub mod follow_up;
pub mod group;
pub mod hex;
pub mod instant;
pub mod lww;
pub mod numbers;
pub mod password_rules;
pub mod patient;
pub mod patient_mode;
pub mod phones;
pub mod plan;
pub mod reports;
pub mod resources;
pub mod role;
pub mod session_form;
pub mod shift;
pub mod shift_home;
pub mod signed_in;
pub mod staff;
pub mod sync;
pub mod timeline;
pub mod uk_time;
pub mod username;
pub mod work_log;

pub use caseload::{CaseloadPatient, WardCaseload};
pub use role::Role;
pub use signed_in::SignedIn;
pub use username::{Username, UsernameError};
