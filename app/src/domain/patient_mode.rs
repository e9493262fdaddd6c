//! Patient mode's cookie: set on a device handed to a patient, naming them.
//! Read by the server's patient-mode gate and by the plan's server function.

/// The cookie's name.
pub const COOKIE: &str = "alongside_patient_mode";

/// The patient named by the cookie among `Cookie` header values, if it is
/// there and holds an id the server gives out.
pub fn handed_to<'a>(cookie_headers: impl IntoIterator<Item = &'a str>) -> Option<String> {
    cookie_headers
        .into_iter()
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, id)| id.to_owned())
        .filter(|id| {
            (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}
