//! What every kind of record says of itself to the server judging it: where
//! it lands, what the one access rule is asked, and what is said when the
//! place it names is not there. Each kind says it beside its checks (its
//! domain module); `Write::kind` (beside `Write`) is the one list that
//! reaches them all.

use super::ops::{NewAddendum, NewSession, PatientFieldChange};
use crate::domain::access::{Action, NOT_YOUR_WARDS};

/// Where a record lands, as its op names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lands<'a> {
    /// On the ward of the patient it is about.
    OnPatient(&'a str),
    /// Where the record it adds to was placed (an addendum's session, an
    /// acknowledgement's concern), made earlier in the same request or
    /// saved before.
    Under { parent: Parent, id: &'a str },
    /// On a ward.
    OnWard(&'a str),
    /// By rules of its own (a group's attendees, a check-out's shift, a
    /// receipt's report), which the server's sync module applies.
    ByItsOwnRules,
}

/// The kinds of record another adds to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Parent {
    Session,
    Concern,
    FollowUp,
}

impl Parent {
    /// Its `entity` in ops.
    pub fn entity(self) -> &'static str {
        match self {
            Parent::Session => "session",
            Parent::Concern => "concern",
            Parent::FollowUp => "follow_up",
        }
    }
}

/// What a kind of record tells the server judging one. What is not said
/// is as for most: a part of a patient's record, refused when they are not
/// on a ward.
pub trait RecordKind: Sync {
    /// Where this record lands.
    fn lands(&self) -> Lands<'_>;
    /// What the access rule is asked of its author at that place.
    fn action(&self) -> Action {
        Action::WritePatientRecord
    }
    /// Why it is refused when the place it names is not there.
    fn not_found(&self) -> &'static str {
        NO_PATIENT
    }
    /// Why it is refused where the access rule says `reason` (which speaks
    /// of patients' records; a kind about a ward may say it its own way).
    fn denied(&self, reason: &'static str) -> &'static str {
        reason
    }
}

/// `instead` where the access rule's reason is that the ward is not the
/// author's (its words speak of patients' records); any other reason as it is.
pub fn not_your_ward(reason: &'static str, instead: &'static str) -> &'static str {
    if reason == NOT_YOUR_WARDS {
        instead
    } else {
        reason
    }
}

/// What a patient's record holds is refused with this when the patient is
/// not on a ward.
pub const NO_PATIENT: &str = "There is no patient with this id on a ward. They may have been discharged.";

impl RecordKind for NewSession {
    fn lands(&self) -> Lands<'_> {
        Lands::OnPatient(&self.patient_id)
    }
}

impl RecordKind for NewAddendum {
    fn lands(&self) -> Lands<'_> {
        Lands::Under { parent: Parent::Session, id: &self.session_id }
    }
    fn not_found(&self) -> &'static str {
        "There is no saved session with this id to add to."
    }
}

impl RecordKind for PatientFieldChange {
    fn lands(&self) -> Lands<'_> {
        Lands::OnPatient(&self.patient_id)
    }
    fn action(&self) -> Action {
        Action::UpdatePatientDetails
    }
}
