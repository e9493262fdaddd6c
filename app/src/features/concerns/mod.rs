//! Risk and safeguarding concerns: raised from a patient's page, listed
//! there and on the home page, acknowledged by the nurse in charge.

mod acknowledge;
mod concern_card;
mod concern_list;
mod home_concerns;
mod raise_concern;

pub use concern_card::{CardSettings, ConcernCard};
pub use concern_list::{concerns_shown, ticking_now, ConcernList};
pub use home_concerns::HomeConcernsPanel;
pub use raise_concern::RaiseConcern;
