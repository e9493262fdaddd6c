//! Integration tests: the real router over a real database, every test run
//! once on SQLite and once on PostgreSQL.

mod helpers;
mod processes;
mod sse;

mod access_matrix;
mod admin_setup;
mod admin_staff;
mod audit_and_limits;
mod caseload;
mod concerns;
mod contacts;
mod dashboard;
mod device_keys;
mod device_lock;
mod device_sync;
mod events;
mod follow_ups;
mod groups;
mod health_and_headers;
mod lost_phones;
mod moving_patients;
mod password_change;
mod patient_beds;
mod patient_mode;
mod patient_page;
mod recovery_plans;
mod resources;
mod shift_close;
mod shifts;
mod sign_in;
mod start_up;
mod sync;
mod sync_convergence;
mod sync_crash;
mod ward_moves;
mod weekly_returns;
