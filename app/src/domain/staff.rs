//! Staff accounts as the admin pages show them, and the rules for setting one
//! up: who they are, their role and their wards.

use super::{Role, Username, UsernameError};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffSummary {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub ward_ids: Vec<String>,
    pub ward_names: Vec<String>,
    pub active: bool,
    /// Deployments to another ward that have not yet ended.
    pub deployments: Vec<DeploymentLine>,
}

/// A ward an account can be given, with its site for grouping.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WardChoice {
    pub id: String,
    pub name: String,
    pub site_name: String,
}

/// Everything the staff page shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffDirectory {
    pub staff: Vec<StaffSummary>,
    pub wards: Vec<WardChoice>,
}

/// A deployment for one shift, in UK local time words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeploymentLine {
    pub id: String,
    pub ward_name: String,
    /// For example "Wed 25 Nov 07:00 to 19:30".
    pub when: String,
}

/// Why a staff set-up change was refused, in words the admin can act on.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StaffFormError {
    #[error("{0}")]
    Username(#[from] UsernameError),
    #[error("That username is already taken. Choose another.")]
    UsernameTaken,
    #[error("Enter the person's name as colleagues know them.")]
    NameEmpty,
    #[error("A name is at most 80 characters.")]
    NameTooLong,
    #[error("Choose a role from the list.")]
    UnknownRole,
    #[error("Choose at least one ward.")]
    NoWards,
    #[error("An administrator has no wards: they read no patient records.")]
    AdminHasNoWards,
    #[error("One of the wards chosen does not exist. Reload the page and choose again.")]
    UnknownWard,
    #[error("You cannot change your own role or switch off your own account.")]
    NotYourself,
    /// A shift that cannot be a deployment, with the reason.
    #[error("{0}")]
    Shift(String),
}

/// Why an admin request failed: a form to correct, or a refusal.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AdminError {
    #[error(transparent)]
    Invalid(#[from] StaffFormError),
    #[error("There is no such staff account.")]
    NoSuchAccount,
    #[error("That deployment has already ended.")]
    NoSuchDeployment,
    #[error("{0}")]
    Denied(&'static str),
    #[error("The change could not be saved just now. Try again in a minute.")]
    Unavailable,
    #[error(transparent)]
    Directory(#[from] crate::domain::resources::ResourceFormError),
}

impl AdminError {
    /// The HTTP status that says the same thing.
    pub fn status(&self) -> u16 {
        match self {
            AdminError::Invalid(StaffFormError::UsernameTaken) => 409,
            AdminError::Invalid(_) => 422,
            AdminError::NoSuchAccount | AdminError::NoSuchDeployment => 404,
            AdminError::Denied(_) => 403,
            AdminError::Directory(crate::domain::resources::ResourceFormError::NameTaken) => 409,
            AdminError::Directory(crate::domain::resources::ResourceFormError::NoSuchResource) => 404,
            AdminError::Directory(_) => 422,
            AdminError::Unavailable => 503,
        }
    }
}

/// A role and its wards, checked: an administrator has none, everyone else
/// at least one. Whether the wards exist is the store's question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffAccess {
    pub role: Role,
    pub ward_ids: Vec<String>,
}

impl StaffAccess {
    /// ```
    /// use app::domain::staff::{StaffAccess, StaffFormError};
    /// assert!(StaffAccess::parse("peer_support_worker", vec!["willow".into()]).is_ok());
    /// assert_eq!(StaffAccess::parse("admin", vec!["willow".into()]), Err(StaffFormError::AdminHasNoWards));
    /// ```
    pub fn parse(role: &str, ward_ids: Vec<String>) -> Result<Self, StaffFormError> {
        let role: Role = role.parse().map_err(|_| StaffFormError::UnknownRole)?;
        let mut ward_ids: Vec<String> =
            ward_ids.into_iter().map(|w| w.trim().to_owned()).filter(|w| !w.is_empty()).collect();
        ward_ids.sort();
        ward_ids.dedup();
        match (role, ward_ids.is_empty()) {
            (Role::Admin, false) => Err(StaffFormError::AdminHasNoWards),
            (Role::Admin, true) => Ok(StaffAccess { role, ward_ids }),
            (_, true) => Err(StaffFormError::NoWards),
            (_, false) => Ok(StaffAccess { role, ward_ids }),
        }
    }
}

/// A new account, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewStaff {
    pub username: Username,
    pub display_name: String,
    pub access: StaffAccess,
}

impl NewStaff {
    pub const NAME_MAX: usize = 80;

    pub fn parse(
        username: &str,
        display_name: &str,
        role: &str,
        ward_ids: Vec<String>,
    ) -> Result<Self, StaffFormError> {
        let display_name = display_name.split_whitespace().collect::<Vec<_>>().join(" ");
        if display_name.is_empty() {
            return Err(StaffFormError::NameEmpty);
        }
        if display_name.chars().count() > Self::NAME_MAX {
            return Err(StaffFormError::NameTooLong);
        }
        let username = Username::parse(username)?;
        Ok(NewStaff { username, display_name, access: StaffAccess::parse(role, ward_ids)? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wards(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn a_new_account_is_tidied_and_kept() {
        let new = NewStaff::parse(" Sam.Okafor ", "  Sam   Okafor ", "nurse_in_charge", wards(&["willow"]))
            .unwrap();
        assert_eq!(new.username.as_str(), "sam.okafor");
        assert_eq!(new.display_name, "Sam Okafor");
        assert_eq!(new.access, StaffAccess { role: Role::NurseInCharge, ward_ids: wards(&["willow"]) });
    }

    #[test]
    fn a_blank_or_overlong_name_is_refused() {
        assert_eq!(NewStaff::parse("sam", " \t ", "manager", wards(&["w"])), Err(StaffFormError::NameEmpty));
        let long = "a".repeat(81);
        assert_eq!(NewStaff::parse("sam", &long, "manager", wards(&["w"])), Err(StaffFormError::NameTooLong));
    }

    #[test]
    fn markup_in_a_name_is_kept_as_text_for_the_page_to_escape() {
        let new = NewStaff::parse("sam", "<b>Sam</b>", "manager", wards(&["w"])).unwrap();
        assert_eq!(new.display_name, "<b>Sam</b>");
    }

    #[test]
    fn a_bad_username_gives_the_username_rule() {
        assert_eq!(
            NewStaff::parse("sam'; drop table staff", "Sam", "manager", wards(&["w"])),
            Err(StaffFormError::Username(UsernameError::BadCharacter))
        );
    }

    #[test]
    fn ward_staff_need_a_ward_and_admins_have_none() {
        assert_eq!(StaffAccess::parse("peer_support_worker", vec![]), Err(StaffFormError::NoWards));
        assert_eq!(StaffAccess::parse("manager", wards(&[" "])), Err(StaffFormError::NoWards));
        assert_eq!(StaffAccess::parse("admin", wards(&["w"])), Err(StaffFormError::AdminHasNoWards));
        assert_eq!(StaffAccess::parse("admin", vec![]).unwrap().role, Role::Admin);
    }

    #[test]
    fn repeated_wards_count_once_and_unknown_roles_are_refused() {
        let access = StaffAccess::parse("manager", wards(&["b", "a", "b"])).unwrap();
        assert_eq!(access.ward_ids, wards(&["a", "b"]));
        assert_eq!(StaffAccess::parse("superuser", wards(&["a"])), Err(StaffFormError::UnknownRole));
    }

    #[test]
    fn each_refusal_has_the_status_a_program_expects() {
        assert_eq!(AdminError::Invalid(StaffFormError::UsernameTaken).status(), 409);
        assert_eq!(AdminError::Invalid(StaffFormError::NoWards).status(), 422);
        assert_eq!(AdminError::NoSuchAccount.status(), 404);
    }
}
