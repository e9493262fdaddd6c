//! *This phone*, folded at the foot of the home page: whether the browser
//! has agreed to keep Alongside's storage, how much it uses, how many more
//! notes fit, and whether the backup copy (the journal that survives a
//! crash) is working. Measured when opened, and again on request.

use crate::domain::numbers::thousands;
use crate::domain::sync::room::{size_text, PhoneStorage};
use leptos::html::Details;
use leptos::prelude::*;

/// What was measured, all at one moment.
#[derive(Clone, Debug, Default, PartialEq)]
struct Measured {
    storage: Option<PhoneStorage>,
    journal_trouble: Option<String>,
    restored: usize,
    unsent: usize,
}

#[component]
pub fn ThisPhone() -> impl IntoView {
    let measured = RwSignal::new(None::<Measured>);
    let details = NodeRef::<Details>::new();
    let measure = move || {
        measured.set(None);
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            use crate::sync::{browser, local};
            let storage = local::phone_storage().await;
            measured.set(Some(Measured {
                storage,
                journal_trouble: local::journal_trouble(),
                restored: local::restored_count(),
                unsent: browser::unsent_count(),
            }));
        });
    };
    let measure_if_open = move || {
        if details.get_untracked().is_some_and(|d| d.open()) {
            measure();
        }
    };
    // Opened before the page was interactive: measure once it is.
    Effect::new(move |_| {
        details.track();
        measure_if_open();
    });
    let on_toggle = move |_| measure_if_open();
    view! {
        <details class="panel this-phone" node_ref=details on:toggle=on_toggle>
            <summary class="panel__summary">"This phone"</summary>
            <div class="this-phone__body" role="status">
                {move || match measured.get() {
                    None => view! { <p>"Measuring this phone's storage…"</p> }.into_any(),
                    Some(m) => view! { <Report m /> }.into_any(),
                }}
            </div>
            <button type="button" class="button button--secondary" on:click=move |_| measure()>
                "Measure again"
            </button>
        </details>
    }
}

#[component]
fn Report(m: Measured) -> impl IntoView {
    let unsent = match m.unsent {
        0 => "None of your records are waiting to be sent.".to_owned(),
        1 => "1 of your records is on this phone only, waiting to be sent.".to_owned(),
        n => format!("{n} of your records are on this phone only, waiting to be sent."),
    };
    let restored = (m.restored > 0).then(|| {
        let records = if m.restored == 1 { "1 record".to_owned() } else { format!("{} records", m.restored) };
        view! {
            <p>{format!("Since you signed in, Alongside has brought back {records} from the backup copy that the browser had lost.")}</p>
        }
    });
    view! {
        <p>{unsent}</p>
        {m.storage.map(|s| view! { <Space s /> }.into_any()).unwrap_or_else(|| {
            view! { <p>"This browser would not say how much room Alongside has on this phone."</p> }.into_any()
        })}
        <p>{journal_text(m.journal_trouble.as_deref())}</p>
        {restored}
    }
}

/// What the browser keeps, how much, and how much more fits.
#[component]
fn Space(s: PhoneStorage) -> impl IntoView {
    let room_class = if s.notes_that_fit(1_000) == 0 { "this-phone__full" } else { "" };
    view! {
        <p>{kept_text(s.persisted)}</p>
        <p>{format!("Alongside keeps {} on this phone.", size_text(s.used_bytes()))}</p>
        <p class=room_class>{room_text(&s)}</p>
    }
}

fn kept_text(persisted: Option<bool>) -> &'static str {
    match persisted {
        Some(true) => "The browser has agreed to keep Alongside's storage: it will not clear it to make room.",
        Some(false) => "The browser has not agreed to keep Alongside's storage. It may clear it when the phone runs short of space (Safari does when Alongside has not been opened for 7 days), and records not yet sent would go with it. Add Alongside to the home screen, which makes browsers keep it, and send your records whenever there is a signal.",
        None => "This browser does not say whether it will keep Alongside's storage: send your records whenever there is a signal.",
    }
}

fn room_text(s: &PhoneStorage) -> String {
    match (s.notes_that_fit(1_000), s.notes_that_fit(20_000)) {
        (0, _) => "This phone is full: a new note would not be saved. Connect to the network so that records the server already has can be cleared from the phone.".to_owned(),
        (short, long) => format!(
            "Room for about {} more notes of 1,000 characters, or {} of 20,000 (the longest a note can be).",
            thousands(short),
            thousands(long)
        ),
    }
}

fn journal_text(trouble: Option<&str>) -> String {
    match trouble {
        None => "The backup copy is working: each record is also written to the phone's disk as it is saved, so it survives the browser or the phone stopping.".to_owned(),
        Some(why) => format!(
            "The backup copy is not working ({why}). Records not yet sent are in the browser's storage only, which can lose the last few seconds' work if the phone stops: send them as soon as there is a signal."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_phone_says_a_note_would_not_be_saved() {
        let full = PhoneStorage { local_room: 500.0, ..PhoneStorage::default() };
        assert!(room_text(&full).starts_with("This phone is full"));
        let roomy = PhoneStorage { local_room: 4_200_000.0, ..PhoneStorage::default() };
        assert_eq!(
            room_text(&roomy),
            "Room for about 772 more notes of 1,000 characters, or 51 of 20,000 (the longest a note can be)."
        );
    }

    #[test]
    fn the_backup_copy_says_why_it_is_not_working() {
        assert!(journal_text(None).starts_with("The backup copy is working"));
        let broken = journal_text(Some("QuotaExceededError"));
        assert!(broken.contains("not working (QuotaExceededError)"), "{broken}");
    }
}
