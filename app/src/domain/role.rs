//! The four staff roles and the words used for them on screen and in storage.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What a member of staff does on the ward; it decides what they may see.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    PeerSupportWorker,
    NurseInCharge,
    Manager,
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::PeerSupportWorker, Role::NurseInCharge, Role::Manager, Role::Admin];

    /// The value kept in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::PeerSupportWorker => "peer_support_worker",
            Role::NurseInCharge => "nurse_in_charge",
            Role::Manager => "manager",
            Role::Admin => "admin",
        }
    }

    /// The words a person reads.
    pub fn label(self) -> &'static str {
        match self {
            Role::PeerSupportWorker => "Peer support worker",
            Role::NurseInCharge => "Nurse in charge",
            Role::Manager => "Manager",
            Role::Admin => "Administrator",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A stored role name that is not one of ours.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a staff role")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL.into_iter().find(|r| r.as_str() == s).ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_reads_back_from_its_stored_name() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
    }

    #[test]
    fn an_unknown_role_name_is_refused() {
        assert_eq!("superuser".parse::<Role>(), Err(UnknownRole("superuser".into())));
    }
}
