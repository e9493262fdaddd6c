//! Every string a patient reads in patient mode, in one place, so that a
//! test can keep them plain (see [`reading_ease`]): short sentences, short
//! words, no clinical terms. Aim for a reading age of about 11.

pub const GOAL_EMPTY: &str = "Write your goal first. A few words is fine.";
pub const STEP_EMPTY: &str = "Write the step first. A few words is fine.";
pub const STRENGTH_EMPTY: &str = "Write something first. A few words is fine.";
pub const PICK_AREA: &str = "Pick the part of life this goal is about.";
pub const SCORE_RANGE: &str = "Pick a number from 0 to 10.";
pub const CHECKIN_LET_GO: &str =
    "You let this goal go, so it does not take a check-in now. To check in, set it back to working on it.";
pub const SAVED_HERE: &str = "Saved on this tablet. It will go to the ward's record when there is a signal.";
pub const SAVED: &str = "Saved.";
pub const CHANGED_AT_ONCE: &str =
    "This was changed in two places at once. We kept both. The newest one is shown first.";

pub const PLAN_TITLE: &str = "My recovery plan";
pub const MY_GOALS: &str = "My goals";
pub const ADD_GOAL: &str = "Add a goal";
pub const GOAL_LABEL: &str = "My goal";
pub const GOAL_HINT: &str = "Say it in your own words. What would you like to do or change?";
pub const AREA_LABEL: &str = "What part of life is it about?";
pub const WHY_LABEL: &str = "Why does it matter to me? (you can skip this)";
pub const SAVE_GOAL: &str = "Save my goal";
pub const STEPS: &str = "Small steps";
pub const ADD_STEP: &str = "Add a step";
pub const STEP_LABEL: &str = "A small step I can take";
pub const SAVE_STEP: &str = "Save this step";
pub const STEP_DONE: &str = "Done";
pub const CHECK_IN: &str = "Check in";
pub const HOW_CLOSE: &str = "How close do I feel to this goal? 0 is far away. 10 is there.";
pub const COMMENT_LABEL: &str = "Anything to add? (you can skip this)";
pub const SAVE_CHECK_IN: &str = "Save my check-in";
pub const STATUS_LABEL: &str = "Where is this goal now?";
pub const SAVE_STATUS: &str = "Save";
pub const BACK_TO_PLAN: &str = "Back to my plan";
pub const STRENGTHS: &str = "My strengths and what I enjoy";
pub const STRENGTH_LABEL: &str = "Something I am good at";
pub const INTEREST_LABEL: &str = "Something I enjoy";
pub const SAVE_STRENGTH: &str = "Save";
pub const WELLNESS: &str = "My wellness plan";
pub const SAVE_SECTION: &str = "Save this part";
pub const MEETING: &str = "Before my meeting";
pub const MEETING_LABEL: &str = "What I want my care team to hear";
pub const MEETING_HINT: &str = "Your worker can read this out, or hand it over for you.";
pub const SAVE_MEETING: &str = "Save what I want to say";
pub const NOTHING_YET: &str = "Nothing here yet.";
pub const WHO_WROTE: &str = "Who is writing?";
pub const HAND_BACK: &str = "Hand back to staff";
pub const HAND_BACK_HINT: &str = "When you are done, give the tablet back. Staff will put in their PIN.";
pub const PIN_LABEL: &str = "Staff PIN";
pub const UNLOCK: &str = "Unlock";
pub const WRONG_PIN: &str = "That PIN did not work. Please give the tablet back to a member of staff.";
pub const I_WRITE: &str = "I am writing it myself";
pub const STAFF_WRITES: &str = "A member of staff is writing it with me";
pub const CHANGE_WORDS: &str = "Change the words";
pub const EARLIER: &str = "What it said before";
pub const STATUS_HISTORY: &str = "Where it has been";
pub const PRINT: &str = "Print my plan";
pub const NO_CHECK_INS: &str = "No check-ins yet.";
pub const KIND_LABEL: &str = "Is it something you are good at, or something you enjoy?";
pub const STATE_UNSENT: &str = "Kept here until there is a signal";
pub const STATE_SAVING: &str = "Saving…";
pub const STATE_SAVED: &str = "Saved";
pub const STATE_REFUSED: &str = "Not saved. Please show this to staff.";
pub const REMOVE_IT: &str = "Remove it";
pub const OFFLINE: &str = "No signal just now. Your words are safe on this tablet.";

/// "This is 5,001 letters long. The most is 5,000. …"
pub fn too_long(count: usize) -> String {
    format!(
        "This is {} letters long. The most is 5,000. Try to say it in fewer words, or split it in two.",
        crate::domain::numbers::thousands(count as u64)
    )
}

/// Where an entry is, in plain words: kept on the device, saved, or refused.
pub fn state(state: &crate::domain::timeline::RecordState) -> &'static str {
    use crate::domain::timeline::RecordState;
    match state {
        RecordState::Unsent => STATE_UNSENT,
        RecordState::Saving => STATE_SAVING,
        RecordState::Saved => STATE_SAVED,
        RecordState::Refused(_) => STATE_REFUSED,
    }
}

/// "In Aisha's words".
pub fn in_words(name: &str) -> String {
    format!("In {name}'s words")
}

/// Every fixed string of patient mode, for the readability test.
pub const CATALOGUE: &[&str] = &[
    GOAL_EMPTY,
    STEP_EMPTY,
    STRENGTH_EMPTY,
    PICK_AREA,
    SCORE_RANGE,
    CHECKIN_LET_GO,
    SAVED_HERE,
    SAVED,
    CHANGED_AT_ONCE,
    STATE_UNSENT,
    STATE_SAVING,
    STATUS_HISTORY,
    STATE_SAVED,
    STATE_REFUSED,
    REMOVE_IT,
    PLAN_TITLE,
    MY_GOALS,
    ADD_GOAL,
    GOAL_LABEL,
    GOAL_HINT,
    AREA_LABEL,
    WHY_LABEL,
    SAVE_GOAL,
    STEPS,
    ADD_STEP,
    STEP_LABEL,
    SAVE_STEP,
    STEP_DONE,
    CHECK_IN,
    HOW_CLOSE,
    COMMENT_LABEL,
    SAVE_CHECK_IN,
    STATUS_LABEL,
    SAVE_STATUS,
    BACK_TO_PLAN,
    STRENGTHS,
    STRENGTH_LABEL,
    INTEREST_LABEL,
    SAVE_STRENGTH,
    WELLNESS,
    SAVE_SECTION,
    MEETING,
    MEETING_LABEL,
    MEETING_HINT,
    SAVE_MEETING,
    NOTHING_YET,
    WHO_WROTE,
    HAND_BACK,
    HAND_BACK_HINT,
    PIN_LABEL,
    UNLOCK,
    WRONG_PIN,
    OFFLINE,
    I_WRITE,
    STAFF_WRITES,
    CHANGE_WORDS,
    EARLIER,
    PRINT,
    NO_CHECK_INS,
    KIND_LABEL,
];

/// Syllables in one word, by the usual rule of thumb: groups of vowels,
/// less a silent final `e`; at least one.
fn syllables(word: &str) -> usize {
    let word: String =
        word.chars().filter(|c| c.is_ascii_alphabetic()).map(|c| c.to_ascii_lowercase()).collect();
    if word.is_empty() {
        return 0;
    }
    let vowel = |c: char| "aeiouy".contains(c);
    let mut groups = 0;
    let mut previous = false;
    for c in word.chars() {
        let v = vowel(c);
        if v && !previous {
            groups += 1;
        }
        previous = v;
    }
    let silent_e = word.ends_with('e') && !word.ends_with("le") && groups > 1;
    (groups - usize::from(silent_e)).max(1)
}

/// The Flesch reading ease of `text`: 100 is very easy, 60–70 plain
/// English (a reading age of about 11–13), below 30 hard. A string without
/// a full stop counts as one sentence.
pub fn reading_ease(text: &str) -> f64 {
    let words: Vec<&str> =
        text.split_whitespace().filter(|w| w.chars().any(|c| c.is_ascii_alphabetic())).collect();
    if words.is_empty() {
        return 100.0;
    }
    let sentences =
        text.split(['.', '?', '!']).filter(|s| s.chars().any(|c| c.is_ascii_alphabetic())).count().max(1);
    let syllables: usize = words.iter().map(|w| syllables(w)).sum();
    let (w, s, y) = (words.len() as f64, sentences as f64, syllables as f64);
    206.835 - 1.015 * (w / s) - 84.6 * (y / w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::plan::{GoalStatus, LifeArea, Section};

    #[test]
    fn syllables_are_counted_as_a_reader_hears_them() {
        assert_eq!(syllables("goal"), 1);
        assert_eq!(syllables("make"), 1);
        assert_eq!(syllables("little"), 2);
        assert_eq!(syllables("recovery"), 4);
        assert_eq!(syllables("psychosocial"), 4);
    }

    #[test]
    fn jargon_scores_as_hard_and_plain_words_as_easy() {
        let jargon =
            "Collaborative formulation of psychosocial interventions facilitates therapeutic engagement.";
        assert!(reading_ease(jargon) < 0.0, "{}", reading_ease(jargon));
        assert!(reading_ease("I want to go for a walk each day.") > 90.0);
    }

    #[test]
    fn everything_a_patient_reads_is_plain_english() {
        // As one text, each string a sentence: the catalogue reads as plain English.
        let whole =
            CATALOGUE.iter().map(|s| format!("{}.", s.trim_end_matches('.'))).collect::<Vec<_>>().join(" ");
        let ease = reading_ease(&whole);
        assert!(ease >= 60.0, "patient mode's words read at {ease:.0}; keep them at 60 or above");
        // And no one sentence of five words or more is hard going (the
        // formula means little for a two-word button). The choices a
        // patient picks from count too.
        let made = [too_long(5_001), in_words("Aisha")];
        let choices = LifeArea::ALL
            .map(LifeArea::label)
            .into_iter()
            .chain(GoalStatus::ALL.map(GoalStatus::label))
            .chain(Section::ALL.map(Section::heading));
        let all: Vec<&str> =
            CATALOGUE.iter().copied().chain(made.iter().map(String::as_str)).chain(choices).collect();
        for text in all {
            for sentence in text.split(['.', '?']).filter(|s| s.split_whitespace().count() >= 5) {
                let ease = reading_ease(sentence);
                assert!(ease >= 60.0, "'{sentence}' reads at {ease:.0}; say it in shorter words");
            }
        }
    }

    #[test]
    fn a_long_entry_says_its_length_with_commas() {
        assert!(too_long(5_001).contains("5,001 letters"));
    }
}
