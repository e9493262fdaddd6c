//! A peer support contact beyond when, how long and the note: what kind of
//! contact it was, where, which recovery themes (CHIME) it touched, how the
//! person took part, and why it was entered late. One vocabulary for the
//! form, the server's checks and the timeline.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A closed list of choices, each with the word stored and sent (`as_str`)
/// and the words shown (`label`).
macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $key:literal => $label:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant,)+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $key,)+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }

            pub fn parse(text: &str) -> Option<$name> {
                match text { $($key => Some($name::$variant),)+ _ => None }
            }
        }
    };
}
pub(crate) use vocabulary;

vocabulary! {
    /// What kind of contact it was.
    ContactType {
        OneToOne = "one_to_one" => "One to one support",
        AdmissionWelcome = "admission_welcome" => "Admission welcome and orientation",
        WardActivity = "ward_activity" => "Ward activity",
        AccompaniedWalk = "accompanied_walk" => "Accompanied walk or appointment",
        CareMeetingPrep = "care_meeting_prep" => "Preparing for a care meeting",
        DischargePlanning = "discharge_planning" => "Discharge and transition planning",
        CommunitySignposting = "community_signposting" => "Community signposting",
        Reconnecting = "reconnecting" => "Reconnecting with family and friends",
        DailyLiving = "daily_living" => "Daily living support",
        Other = "other" => "Other",
    }
}

vocabulary! {
    /// The recovery themes of the CHIME framework.
    Theme {
        Connectedness = "connectedness" => "Connectedness",
        Hope = "hope" => "Hope",
        Identity = "identity" => "Identity",
        Meaning = "meaning" => "Meaning",
        Empowerment = "empowerment" => "Empowerment",
    }
}

vocabulary! {
    /// How the person took part, in words rather than a score.
    Engagement {
        NotToday = "not_today" => "Did not want to talk today",
        ALittle = "a_little" => "Took part a little",
        Engaged = "engaged" => "Took part",
        Leading = "leading" => "Took part fully and led the way",
    }
}

vocabulary! {
    /// Whether the person was able to take part in activity planned for them.
    PlannedActivity {
        Yes = "yes" => "Yes",
        No = "no" => "No",
        NonePlanned = "none_planned" => "Nothing was planned",
    }
}

/// The longest place name, in characters.
pub const PLACE_MAX: usize = 80;
/// The longest reason for a late entry, in characters.
pub const LATE_REASON_MAX: usize = 500;
/// The most signposting entries on one contact, and the longest.
pub const SIGNPOSTS_MAX: usize = 10;
pub const SIGNPOST_MAX: usize = 200;
/// A start this far after the contact was written is "in the future" (a
/// phone's clock and a person's typing are a few minutes apart).
pub const FUTURE_GRACE_MS: i64 = 5 * 60 * 1000;
/// A start this long before it was written makes the entry late.
pub const LATE_AFTER_MS: i64 = 7 * 24 * 60 * 60 * 1000;

/// Why a contact's start needs a reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lateness {
    /// It starts after it was written.
    Future,
    /// It was written more than 7 days after it started.
    Late,
}

/// Judged against when the contact was written (the op's clock), not when
/// it reached the server, so a phone that was offline for days is not late.
pub fn lateness(started_ms: i64, written_ms: i64) -> Option<Lateness> {
    if started_ms > written_ms + FUTURE_GRACE_MS {
        Some(Lateness::Future)
    } else if started_ms < written_ms - LATE_AFTER_MS {
        Some(Lateness::Late)
    } else {
        None
    }
}

/// Everything about a contact besides its patient, type, start, duration
/// and note. Each field may be missing from a payload (an older phone's
/// contacts have none of them). Stored as this struct's JSON.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactDetails {
    pub place: String,
    /// Distinct, in CHIME order.
    pub themes: Vec<Theme>,
    pub engagement: Option<Engagement>,
    pub lived_experience_shared: bool,
    pub planned_activity: Option<PlannedActivity>,
    /// Resources the person was told about, by name.
    pub signposting: Vec<String>,
    /// Why a start in the future or over 7 days before writing is right.
    pub late_reason: Option<String>,
}

fn text<'a>(payload: &'a Value, field: &str) -> Result<Option<&'a str>, String> {
    match payload.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(_) => Err(format!("'{field}' must be text.")),
    }
}

fn words<T: Copy>(
    payload: &Value,
    field: &str,
    parse: fn(&str) -> Option<T>,
    all: &[T],
    key: fn(T) -> &'static str,
) -> Result<Option<T>, String> {
    let Some(word) = text(payload, field)? else { return Ok(None) };
    parse(word).map(Some).ok_or_else(|| {
        let known: Vec<_> = all.iter().map(|t| key(*t)).collect();
        format!("'{word}' is not one of the choices for {field} ({}).", known.join(", "))
    })
}

fn list<'a>(payload: &'a Value, field: &str) -> Result<Vec<&'a str>, String> {
    match payload.get(field) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| item.as_str().ok_or_else(|| format!("Each of {field} must be text.")))
            .collect(),
        Some(_) => Err(format!("'{field}' must be a list.")),
    }
}

/// Reads and checks a contact's details from a `session` payload; the
/// start and the time it was written decide whether a reason is needed.
pub fn check_details(payload: &Value, started_ms: i64, written_ms: i64) -> Result<ContactDetails, String> {
    let details = read_details(payload)?;
    match (lateness(started_ms, written_ms), &details.late_reason) {
        (Some(Lateness::Future), None) => {
            Err("This contact starts in the future. Check the start time, or say why (late_reason).".into())
        }
        (Some(Lateness::Late), None) => Err(
            "This contact started more than 7 days before it was written. Late entries are fine: say why (late_reason)."
                .into(),
        ),
        _ => Ok(details),
    }
}

/// Reads a contact's details from a `session` payload, checking each field
/// but not the start (see [`check_details`]).
pub fn read_details(payload: &Value) -> Result<ContactDetails, String> {
    let place = text(payload, "place")?.unwrap_or_default().trim().to_owned();
    if place.chars().count() > PLACE_MAX {
        return Err(format!("A place is at most {PLACE_MAX} characters (place)."));
    }
    let mut themes = Vec::new();
    for word in list(payload, "themes")? {
        let theme = Theme::parse(word).ok_or_else(|| {
            format!("'{word}' is not a recovery theme; use connectedness, hope, identity, meaning or empowerment.")
        })?;
        themes.push(theme);
    }
    themes.sort();
    themes.dedup();
    let engagement = words(payload, "engagement", Engagement::parse, Engagement::ALL, Engagement::as_str)?;
    let planned_activity = words(
        payload,
        "planned_activity",
        PlannedActivity::parse,
        PlannedActivity::ALL,
        PlannedActivity::as_str,
    )?;
    let lived_experience_shared = match payload.get("lived_experience_shared") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(shared)) => *shared,
        Some(_) => return Err("'lived_experience_shared' must be true or false.".into()),
    };
    let signposting: Vec<String> = list(payload, "signposting")?
        .into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    if signposting.len() > SIGNPOSTS_MAX || signposting.iter().any(|s| s.chars().count() > SIGNPOST_MAX) {
        return Err(format!(
            "Signposting lists at most {SIGNPOSTS_MAX} resources of at most {SIGNPOST_MAX} characters each."
        ));
    }
    let late_reason = text(payload, "late_reason")?.map(str::trim).filter(|r| !r.is_empty());
    if late_reason.is_some_and(|r| r.chars().count() > LATE_REASON_MAX) {
        return Err(format!("A reason for a late entry is at most {LATE_REASON_MAX} characters."));
    }
    Ok(ContactDetails {
        place,
        themes,
        engagement,
        lived_experience_shared,
        planned_activity,
        signposting,
        late_reason: late_reason.map(str::to_owned),
    })
}

/// Whether a contact of this type must have a note: a one to one always
/// does; the other kinds may be recorded with their details alone.
pub fn needs_note(contact_type: ContactType) -> bool {
    contact_type == ContactType::OneToOne
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const WRITTEN: i64 = 1_790_000_000_000;
    const DAY: i64 = 24 * 60 * 60 * 1000;

    #[test]
    fn every_word_reads_back_as_itself() {
        for t in ContactType::ALL {
            assert_eq!(ContactType::parse(t.as_str()), Some(*t));
        }
        for t in Theme::ALL {
            assert_eq!(Theme::parse(t.as_str()), Some(*t));
        }
        assert_eq!(ContactType::ALL.len(), 10);
        assert_eq!(ContactType::parse("One to one support"), None, "labels are not keys");
        for e in Engagement::ALL {
            assert_eq!(serde_json::to_value(e).expect("json"), json!(e.as_str()), "stored as sent");
        }
        for t in ContactType::ALL {
            assert_eq!(serde_json::to_value(t).expect("json"), json!(t.as_str()), "stored as sent");
        }
    }

    #[test]
    fn details_round_trip_through_their_stored_json() {
        let payload = json!({ "place": "Garden", "themes": ["hope"], "engagement": "leading",
                              "lived_experience_shared": true, "planned_activity": "yes" });
        let details = read_details(&payload).expect("ok");
        let stored = serde_json::to_value(&details).expect("json");
        assert_eq!(read_details(&stored), Ok(details.clone()));
        assert_eq!(serde_json::from_value::<ContactDetails>(stored).expect("back"), details);
        assert_eq!(
            serde_json::from_str::<ContactDetails>("{}").expect("old rows"),
            ContactDetails::default()
        );
    }

    #[test]
    fn an_older_phones_contact_has_no_details_and_is_fine() {
        let details = check_details(&json!({ "note": "x" }), WRITTEN, WRITTEN).expect("ok");
        assert_eq!(details, ContactDetails::default());
    }

    #[test]
    fn details_are_read_trimmed_with_themes_distinct_in_chime_order() {
        let payload = json!({
            "place": "  Garden ", "themes": ["hope", "connectedness", "hope"], "engagement": "a_little",
            "lived_experience_shared": true, "planned_activity": "none_planned",
            "signposting": ["Harbour Recovery College", " "],
        });
        let details = check_details(&payload, WRITTEN, WRITTEN).expect("ok");
        assert_eq!(details.place, "Garden");
        assert_eq!(details.themes, [Theme::Connectedness, Theme::Hope]);
        assert_eq!(details.engagement, Some(Engagement::ALittle));
        assert!(details.lived_experience_shared);
        assert_eq!(details.planned_activity, Some(PlannedActivity::NonePlanned));
        assert_eq!(details.signposting, ["Harbour Recovery College"]);
    }

    #[test]
    fn wrong_words_and_types_are_refused_with_the_field_named() {
        let refused = |payload: Value| check_details(&payload, WRITTEN, WRITTEN).expect_err("refused");
        assert!(refused(json!({ "themes": ["joy"] })).contains("'joy' is not a recovery theme"));
        assert!(refused(json!({ "themes": "hope" })).contains("'themes' must be a list"));
        assert!(refused(json!({ "engagement": "5" })).contains("engagement"));
        assert!(refused(json!({ "lived_experience_shared": "yes" })).contains("true or false"));
        assert!(refused(json!({ "place": "x".repeat(81) })).contains("80"));
        assert!(refused(json!({ "signposting": vec!["x"; 11] })).contains("at most 10"));
    }

    #[test]
    fn a_start_in_the_future_or_over_a_week_before_writing_needs_a_reason() {
        assert_eq!(lateness(WRITTEN + FUTURE_GRACE_MS, WRITTEN), None, "a few minutes ahead is a clock");
        assert_eq!(lateness(WRITTEN + FUTURE_GRACE_MS + 1, WRITTEN), Some(Lateness::Future));
        assert_eq!(lateness(WRITTEN - 7 * DAY, WRITTEN), None);
        assert_eq!(lateness(WRITTEN - 7 * DAY - 1, WRITTEN), Some(Lateness::Late));

        let late = WRITTEN - 8 * DAY;
        assert!(check_details(&json!({}), late, WRITTEN).expect_err("refused").contains("late_reason"));
        assert!(check_details(&json!({ "late_reason": "  " }), late, WRITTEN).is_err(), "blank is no reason");
        let given = check_details(&json!({ "late_reason": "Phone was lost" }), late, WRITTEN).expect("ok");
        assert_eq!(given.late_reason.as_deref(), Some("Phone was lost"));
        assert!(check_details(&json!({}), WRITTEN + DAY, WRITTEN).expect_err("refused").contains("future"));
    }

    #[test]
    fn only_a_one_to_one_must_have_a_note() {
        assert!(needs_note(ContactType::OneToOne));
        assert!(ContactType::ALL.iter().filter(|t| needs_note(**t)).count() == 1);
    }
}
