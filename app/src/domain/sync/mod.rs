//! The sync contract's rules (see `server/API.md`): clock stamps and the
//! checks every op passes before the server stores it.

pub mod answer;
pub mod fields;
pub mod hlc;
pub mod ids;
pub mod kind;
pub mod ops;
pub mod request;
pub mod room;
#[cfg(test)]
mod tests;
pub mod trouble;

pub use answer::{Change, OpResult, OpStatus, SentOp, SyncAnswer, SyncBody};
pub use hlc::{Hlc, HlcError};
pub use kind::{Lands, Parent, RecordKind};
pub use ops::{
    check_op, same_change, CheckedOp, NewAddendum, NewSession, Op, PatientFieldChange, Rejection,
    SyncRequest, Write,
};
pub use request::read_request;
