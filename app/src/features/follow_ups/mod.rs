//! Follow-up actions: added from a patient's page, listed there and on the
//! worker's home until done.

mod add_follow_up;
mod follow_up_list;

pub use add_follow_up::PatientFollowUps;
pub use follow_up_list::{follow_ups_shown, FollowUpList, YourFollowUps};
