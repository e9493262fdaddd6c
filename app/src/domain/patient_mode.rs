//! Patient mode's two cookies and the device lock's two, and what they may
//! hold. The server keeps the mode (and the lock) on the signed-in session;
//! these only carry the device's side to it, even when the device handed
//! over, locked or was unlocked while offline:
//!
//! - [`COOKIE`] (`<patient id>.<check>`) asks the server to keep the session
//!   to that patient's plan. `check` is the SHA-256 (hex) of a proof that
//!   only the staff member's PIN can make on the device (the half of the
//!   PIN's PBKDF2 that the device never keeps), so the server can tell the
//!   PIN was typed without ever seeing it.
//! - [`HAND_BACK_COOKIE`] carries that proof when staff take the device
//!   back. Dropping [`COOKIE`] ends nothing: a patient who clears it, or
//!   types `/login`, is still kept to their plan.
//! - [`LOCK_COOKIE`] and [`UNLOCK_COOKIE`] do the same for the device lock.

/// The cookie that hands the session to a patient.
pub const COOKIE: &str = "alongside_patient_mode";

/// The cookie that carries the proof that takes it back.
pub const HAND_BACK_COOKIE: &str = "alongside_hand_back";

/// The cookie that tells the server the device has locked:
/// `<staff id>.<check>`, whose lock it is and the check of the proof that
/// unlocks it (kept by `lock.js` from the last time the PIN was typed).
/// Dropping it unlocks nothing once the server has seen it, and it locks
/// only that person's session (not the next person's to sign in here).
pub const LOCK_COOKIE: &str = "alongside_lock";

/// The cookie that carries the proof that unlocks the session.
pub const UNLOCK_COOKIE: &str = "alongside_unlock";

/// The lock named by [`LOCK_COOKIE`], if it is there and well formed:
/// whose it is, and the check.
pub fn lock_check<'a>(cookie_headers: impl IntoIterator<Item = &'a str>) -> Option<(String, String)> {
    id_and_check(cookie(cookie_headers, LOCK_COOKIE)?)
}

/// `<id>.<check>`: an id as the server gives them out and a 256-bit check.
fn id_and_check(value: &str) -> Option<(String, String)> {
    let (id, check) = value.split_once('.')?;
    let id_ok = (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    (id_ok && is_256_bit_hex(check)).then(|| (id.to_owned(), check.to_owned()))
}

/// The proof carried by [`UNLOCK_COOKIE`], as sent (checked by the server).
pub fn unlock_proof<'a>(cookie_headers: impl IntoIterator<Item = &'a str>) -> Option<String> {
    cookie(cookie_headers, UNLOCK_COOKIE).map(str::to_owned)
}

/// A hand-over as the device asked for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Handover {
    pub patient_id: String,
    /// SHA-256 (hex) of the proof that ends it.
    pub check: String,
}

/// The value of one cookie named `name` among `Cookie` header values.
fn cookie<'a>(cookie_headers: impl IntoIterator<Item = &'a str>, name: &str) -> Option<&'a str> {
    cookie_headers
        .into_iter()
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// 64 lower-case hexadecimal digits: a SHA-256 or a 256-bit proof.
pub fn is_256_bit_hex(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The hand-over named by [`COOKIE`], if it is there and well formed: an id
/// the server gives out and a 256-bit check.
///
/// ```
/// use app::domain::patient_mode::handover;
/// let check = "ab".repeat(32);
/// let cookie = format!("a=b; alongside_patient_mode=patient-001.{check}");
/// assert_eq!(handover([cookie.as_str()]).map(|h| h.patient_id), Some("patient-001".to_owned()));
/// assert_eq!(handover(["alongside_patient_mode=patient-001"]), None);
/// ```
pub fn handover<'a>(cookie_headers: impl IntoIterator<Item = &'a str>) -> Option<Handover> {
    let (patient_id, check) = id_and_check(cookie(cookie_headers, COOKIE)?)?;
    Some(Handover { patient_id, check })
}

/// The proof carried by [`HAND_BACK_COOKIE`], as sent (checked by the server).
pub fn hand_back_proof<'a>(cookie_headers: impl IntoIterator<Item = &'a str>) -> Option<String> {
    cookie(cookie_headers, HAND_BACK_COOKIE).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_well_formed_handover_is_read() {
        let check = "0f".repeat(32);
        let good = format!("alongside_patient_mode=patient-001.{check}");
        assert_eq!(
            handover([good.as_str()]),
            Some(Handover { patient_id: "patient-001".into(), check: check.clone() })
        );
        for bad in [
            format!("alongside_patient_mode=../admin.{check}"),
            format!("alongside_patient_mode=.{check}"),
            "alongside_patient_mode=patient-001.abc".to_owned(),
            format!("alongside_patient_mode=patient-001.{}", "0F".repeat(32)),
            format!("other=patient-001.{check}"),
        ] {
            assert_eq!(handover([bad.as_str()]), None, "{bad}");
        }
    }

    #[test]
    fn the_lock_and_its_proof_are_read_from_their_own_cookies() {
        let check = "5e".repeat(32);
        let cookie = format!("alongside_lock=staff-psw.{check}; alongside_unlock=77");
        assert_eq!(lock_check([cookie.as_str()]), Some(("staff-psw".to_owned(), check.clone())));
        assert_eq!(lock_check(["alongside_lock=staff-psw.abc"]), None, "only a 256-bit check");
        assert_eq!(lock_check([format!("alongside_lock={check}").as_str()]), None, "whose lock it is");
        assert_eq!(unlock_proof([cookie.as_str()]).as_deref(), Some("77"));
        assert_eq!(unlock_proof(["alongside_hand_back=77"]), None);
    }

    #[test]
    fn the_proof_is_read_from_its_own_cookie() {
        assert_eq!(hand_back_proof(["a=b; alongside_hand_back=1234"]).as_deref(), Some("1234"));
        assert_eq!(hand_back_proof(["alongside_patient_mode=x"]), None);
        assert!(is_256_bit_hex(&"9a".repeat(32)));
        assert!(!is_256_bit_hex(&"9a".repeat(31)));
    }
}
