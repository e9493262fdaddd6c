//! Components shared by every page.

mod not_found;
mod offline_banner;
mod site_header;

pub use not_found::NotFound;
pub use offline_banner::OfflineBanner;
pub use site_header::SiteHeader;

/// Lets the service worker cache the app shell so that it opens offline.
#[cfg(feature = "hydrate")]
pub fn register_service_worker() {
    if let Some(window) = web_sys::window() {
        // A browser without service workers simply works online only.
        let _ = window.navigator().service_worker().register("/sw.js");
    }
}
