//! The community resources directory: services and groups a PSW can
//! signpost people to, kept by administrators and offered on the contact
//! form as choices (free text stays possible for anything not listed).

use super::contact::SIGNPOST_MAX;
use serde::{Deserialize, Serialize};

/// The longest description of what a resource offers, and of how to reach it.
pub const OFFERS_MAX: usize = 300;
pub const CONTACT_MAX: usize = 200;

/// A resource as the directory lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resource {
    pub id: String,
    /// What is recorded on a contact when it is chosen.
    pub name: String,
    pub offers: String,
    /// How to reach it: a phone number, an address, a website.
    pub contact: String,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ResourceFormError {
    #[error("Enter the resource's name.")]
    NoName,
    #[error("A name is at most {SIGNPOST_MAX} characters.")]
    LongName,
    #[error("Say in a few words what it offers.")]
    NoOffer,
    #[error("What it offers is at most {OFFERS_MAX} characters.")]
    LongOffer,
    #[error("How to reach it is at most {CONTACT_MAX} characters.")]
    LongContact,
    #[error("The directory already lists a resource with this name.")]
    NameTaken,
    #[error("There is no such resource in the directory.")]
    NoSuchResource,
}

/// A resource to add, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewResource {
    pub name: String,
    pub offers: String,
    pub contact: String,
}

impl NewResource {
    /// Reads the form's fields; spaces at either end are dropped.
    pub fn parse(name: &str, offers: &str, contact: &str) -> Result<NewResource, ResourceFormError> {
        let (name, offers, contact) = (name.trim(), offers.trim(), contact.trim());
        // One line each: a name is recorded on contacts one a line.
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Err(ResourceFormError::NoName);
        }
        if name.chars().count() > SIGNPOST_MAX {
            return Err(ResourceFormError::LongName);
        }
        if offers.is_empty() {
            return Err(ResourceFormError::NoOffer);
        }
        if offers.chars().count() > OFFERS_MAX {
            return Err(ResourceFormError::LongOffer);
        }
        if contact.chars().count() > CONTACT_MAX {
            return Err(ResourceFormError::LongContact);
        }
        Ok(NewResource { name, offers: offers.to_owned(), contact: contact.to_owned() })
    }
}

/// The signposting recorded on a contact: the resources ticked, then any
/// typed one a line, each once, in that order (one a line, as the form
/// sends it on).
pub fn signposting_lines(chosen: &[String], typed: &str) -> String {
    let mut lines: Vec<&str> = Vec::new();
    for line in chosen.iter().map(|s| s.trim()).chain(typed.lines().map(str::trim)) {
        if !line.is_empty() && !lines.contains(&line) {
            lines.push(line);
        }
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_resource_needs_a_name_and_what_it_offers_within_limits() {
        let read = NewResource::parse("  Harbour   Recovery College ", " Free courses ", "").expect("good");
        assert_eq!(read.name, "Harbour Recovery College");
        assert_eq!(read.offers, "Free courses");
        assert_eq!(NewResource::parse(" ", "x", ""), Err(ResourceFormError::NoName));
        assert_eq!(NewResource::parse("x", " ", ""), Err(ResourceFormError::NoOffer));
        assert_eq!(NewResource::parse(&"x".repeat(201), "x", ""), Err(ResourceFormError::LongName));
        assert_eq!(NewResource::parse("x", &"x".repeat(301), ""), Err(ResourceFormError::LongOffer));
        assert_eq!(NewResource::parse("x", "x", &"x".repeat(201)), Err(ResourceFormError::LongContact));
    }

    #[test]
    fn ticked_and_typed_signposting_make_one_list_without_repeats() {
        let chosen = vec!["Harbour Recovery College".to_owned(), "Riverside Walking Group".to_owned()];
        assert_eq!(
            signposting_lines(&chosen, "Citizens Advice\n\n Harbour Recovery College \n"),
            "Harbour Recovery College\nRiverside Walking Group\nCitizens Advice"
        );
        assert_eq!(signposting_lines(&[], "  "), "");
    }
}
