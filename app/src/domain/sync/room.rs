//! How much room the phone has left for notes, from what the browser
//! reports (`public/journal.js`, `alongsideStorage.report`): what the
//! *This phone* panel says.
//!
//! A note not yet sent is kept twice: in `localStorage` (read at once by
//! every page) and in the IndexedDB journal (on disk the moment it is
//! written). Whichever of the two fills first is where the phone is full.

/// What a kept note costs beyond its text, in characters: the op around it
/// (ids, clock stamp, author, patient, times, state). A test in
/// `sync::replica_tests` holds a real entry to it.
pub const ENTRY_OVERHEAD_CHARS: u64 = 1_000;

/// What the sealed form of a value adds besides its base64 (`sealed1.`,
/// the owner's staff id and a dot), at most.
pub const SEALED_MARK_CHARS: u64 = 64;

/// The characters a kept note of `note_chars` characters takes, sealed
/// (`sync::sealed`): its text as phones type it (up to 3 bytes a character
/// in UTF-8: curly quotes, accents) and the op around it, with the nonce
/// and tag, in base64 (4 characters for every 3 bytes), and the mark.
pub fn sealed_entry_chars(note_chars: u64) -> u64 {
    (3 * note_chars + ENTRY_OVERHEAD_CHARS + 28).div_ceil(3) * 4 + SEALED_MARK_CHARS
}

/// The storage the browser gives Alongside on this phone, as measured.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PhoneStorage {
    /// Whether the browser has agreed not to clear the storage to make
    /// room; `None` where it does not say.
    pub persisted: Option<bool>,
    /// Bytes the browser counts against the site (journal, kept pages).
    pub usage: Option<f64>,
    /// Bytes the site may use in all.
    pub quota: Option<f64>,
    /// Characters kept in `localStorage`.
    pub local_used: f64,
    /// How many more characters of text that is not plain ASCII (curly
    /// quotes, accents: what phones type) `localStorage` still takes.
    pub local_room: f64,
}

impl PhoneStorage {
    /// How many more notes of `note_chars` characters fit, sealed, counting
    /// every character as two bytes wherever the browser counts bytes:
    /// never more than will fit.
    pub fn notes_that_fit(&self, note_chars: u64) -> u64 {
        let entry = sealed_entry_chars(note_chars);
        let local = whole(self.local_room) / entry;
        match (self.usage, self.quota) {
            (Some(usage), Some(quota)) => local.min(whole(quota - usage) / (2 * entry)),
            _ => local,
        }
    }

    /// Bytes Alongside keeps on this phone: the browser's own count, and
    /// `localStorage` at two bytes a character (it does not count that).
    pub fn used_bytes(&self) -> u64 {
        whole(self.usage.unwrap_or(0.0)) + 2 * whole(self.local_used)
    }
}

fn whole(n: f64) -> u64 {
    if n.is_finite() && n > 0.0 {
        n as u64
    } else {
        0
    }
}

/// A size as people read it: "840 KB", "3.4 MB".
pub fn size_text(bytes: u64) -> String {
    const MB: u64 = 1_000_000;
    match bytes {
        b if b < 1_000 => format!("{b} bytes"),
        b if b < MB => format!("{} KB", b.div_ceil(1_000)),
        b if b < 100 * MB => format!("{:.1} MB", b as f64 / MB as f64),
        b => format!("{} MB", b / MB),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phone(local_room: f64, usage: Option<f64>, quota: Option<f64>) -> PhoneStorage {
        PhoneStorage { persisted: Some(false), usage, quota, local_used: 0.0, local_room }
    }

    #[test]
    fn the_store_that_fills_first_says_how_many_notes_fit() {
        // 5 million characters of room in localStorage, plenty on disk.
        let roomy = phone(5_000_000.0, Some(1e6), Some(1e10));
        // A note of 1,000 characters takes 5,436 sealed; of 20,000, 81,436.
        assert_eq!(roomy.notes_that_fit(1_000), 919);
        assert_eq!(roomy.notes_that_fit(20_000), 61);
        // A nearly full disk: the journal's 2 MB left is what counts.
        let tight_disk = phone(5_000_000.0, Some(9_998_000_000.0), Some(1e10));
        assert_eq!(tight_disk.notes_that_fit(1_000), 183);
    }

    #[test]
    fn a_full_or_odd_report_means_no_room_never_a_wrong_promise() {
        assert_eq!(phone(0.0, None, None).notes_that_fit(1_000), 0);
        assert_eq!(phone(1_999.0, None, None).notes_that_fit(1_000), 0);
        assert_eq!(phone(f64::NAN, Some(5.0), Some(1.0)).notes_that_fit(10), 0);
        assert_eq!(phone(1e7, Some(2e9), Some(1e9)).notes_that_fit(10), 0, "usage over quota");
        // A browser that gives no estimate: localStorage alone.
        assert_eq!(phone(40_000.0, None, None).notes_that_fit(1_000), 7);
    }

    #[test]
    fn used_space_counts_local_storage_at_two_bytes_a_character() {
        let p = PhoneStorage { local_used: 1_000.0, usage: Some(500.0), ..PhoneStorage::default() };
        assert_eq!(p.used_bytes(), 2_500);
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size_text(512), "512 bytes");
        assert_eq!(size_text(839_001), "840 KB");
        assert_eq!(size_text(3_420_000), "3.4 MB");
        assert_eq!(size_text(250_000_000), "250 MB");
    }
}
