//! One folder per thing a user sees.

pub mod account;
pub mod admin;
pub mod caseload;
pub mod device_lock;
pub mod patient;
pub mod signin;
