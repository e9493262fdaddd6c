//! The device lock: after a few minutes unused the app hides everything
//! behind the person's PIN, chosen on this device at first sign-in. It works
//! with no network; five wrong PINs sign out and clear the device.

mod lock_screens;
mod opening;
#[cfg(feature = "hydrate")]
mod watcher;

pub use lock_screens::LockScreens;
pub use opening::{OpeningPage, OPENING_ID};
#[cfg(feature = "hydrate")]
pub use watcher::start;
