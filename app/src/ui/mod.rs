//! Components shared by every page.

#[cfg(feature = "hydrate")]
pub mod form_draft;
mod form_fields;
mod not_found;
mod offline_banner;
mod radios;
mod sign_out;
mod site_header;

#[cfg(feature = "hydrate")]
pub use form_fields::reset_and_close;
pub use form_fields::{reset_form, FormFields};
pub use not_found::NotFound;
pub use offline_banner::OfflineBanner;
pub use radios::Radios;
pub use sign_out::{refused_message, unsent_message, SignOutButton};
pub use site_header::SiteHeader;

/// Lets the service worker cache the app shell so that it opens offline.
#[cfg(feature = "hydrate")]
pub fn register_service_worker() {
    if let Some(window) = web_sys::window() {
        // A browser without service workers simply works online only.
        let _ = window.navigator().service_worker().register("/sw.js");
    }
}

/// Loads the page again from the address bar when the browser is offline,
/// so that the service worker answers with the copy the phone keeps (a
/// link followed inside the app cannot fetch its data with no network).
#[cfg(feature = "hydrate")]
pub fn reload_if_offline() {
    if let Some(window) = web_sys::window() {
        if !window.navigator().on_line() {
            let _ = window.location().reload();
        }
    }
}

/// Marks the page as interactive (`<html data-hydrated>`), for people's
/// tools and the browser tests alike.
#[cfg(feature = "hydrate")]
pub fn mark_hydrated() {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-hydrated", "");
    }
}

/// The time now. (In the browser from its clock: chrono's own clock is not
/// built into the WebAssembly.)
pub fn now_utc() -> chrono::DateTime<chrono::Utc> {
    #[cfg(feature = "hydrate")]
    {
        chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        chrono::Utc::now()
    }
}
