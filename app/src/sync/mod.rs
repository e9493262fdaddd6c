//! The device side of sync. The core is plain Rust that runs anywhere (and
//! is tested natively, against the real server too): the [`Replica`] keeps
//! records and the outbox in a key–value store, plans each request and takes
//! in each answer. The browser edge (`browser`, `local`) only fetches and
//! stores.

pub mod backoff;
mod clock;
mod concerns;
pub mod copy_out;
mod follow_ups;
mod groups;
mod kept;
mod kv;
mod overlay;
mod plans;
mod replica;
#[cfg(test)]
mod replica_tests;
pub mod sealed;
mod shifts;

#[cfg(feature = "hydrate")]
pub mod browser;
#[cfg(feature = "hydrate")]
pub mod local;
#[cfg(feature = "hydrate")]
pub mod vault;

pub use clock::HlcClock;
pub use concerns::concerns;
pub use follow_ups::{follow_ups, seen_here_since};
pub use groups::group_lines;
pub use kept::{Kept, KeptState};
pub use kv::{Kv, MemoryKv, StorageFull};
pub use overlay::{beds, overlay, state as record_state};
pub use plans::plan_entries;
pub use replica::{
    Author, Digest, NewIds, OpenError, Plan, Replica, SaveError, BATCH, DEFAULT_RETENTION_DAYS,
    OUTBOX_PREFIX, SAVED_PREFIX, SCHEMA_VERSION,
};
pub use shifts::shifts;

/// Shows `saving` at once and `saved` once every record kept so far is
/// safe on the phone: a form never says "Saved on this phone" before the
/// journal has the record. If the form has said something else meanwhile
/// (a later save, or a refusal because the phone is full), that stays:
/// each save's `saving` names its record, so only its own message is
/// replaced.
#[cfg(feature = "hydrate")]
pub fn show_when_safe<T: PartialEq + Clone + Send + Sync + 'static>(
    set: leptos::prelude::WriteSignal<Option<T>>,
    saving: T,
    saved: T,
) {
    use leptos::prelude::{Set, Update};
    set.set(Some(saving.clone()));
    leptos::task::spawn_local(async move {
        local::journaled().await;
        set.maybe_update(|shown| {
            let still_saving = shown.as_ref() == Some(&saving);
            if still_saving {
                *shown = Some(saved);
            }
            still_saving
        });
    });
}

/// How a record just kept on the phone will reach the server, as things
/// stand: by itself once there is a signal, or only after the person acts.
pub fn when_it_goes() -> &'static str {
    #[cfg(feature = "hydrate")]
    if let Some(failure) = browser::trouble() {
        return failure.when_it_goes();
    }
    crate::domain::sync::trouble::Failure::Unreachable.when_it_goes()
}
