//! One folder per thing a user sees.

pub mod caseload;
pub mod signin;
