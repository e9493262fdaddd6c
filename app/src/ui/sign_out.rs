//! Sign out, without ever losing a record: with records still on this phone
//! only, it sends them first, and while there is no network it refuses and
//! says why, so the phone is handed over only once it is safe. Records the
//! server refused are counted too, and the person chooses what becomes of
//! them: deal with them first, or sign out and keep them here.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

/// What sign-out says while it waits or refuses.
pub fn unsent_message(unsent: usize) -> String {
    let records = if unsent == 1 { "1 record is" } else { &format!("{unsent} records are") };
    format!(
        "{records} only on this phone, and there is no connection to the server just now. \
         Stay signed in and keep the phone until they are sent: move to where there is a signal and try again."
    )
}

/// What sign-out asks when records the server refused are on this phone.
pub fn refused_message(refused: usize) -> String {
    let records = if refused == 1 {
        "1 record the server refused is"
    } else {
        &format!("{refused} records the server refused are")
    };
    format!(
        "{records} only on this phone: see Needs attention on your home page to copy the text, send it again \
         or remove it. If you sign out now, they stay on this phone, hidden, until you sign in on it again."
    )
}

#[component]
pub fn SignOutButton() -> impl IntoView {
    let (notice, set_notice) = signal(None::<String>);
    // Asked about refused records, and told to keep them.
    let (asked, set_asked) = signal(false);
    let keep_refused = RwSignal::new(false);
    let keep = NodeRef::<leptos::html::Input>::new();
    let on_submit = move |ev: SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            ev.prevent_default();
            let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else {
                return;
            };
            set_notice.set(Some("Checking nothing is left unsent…".into()));
            wasm_bindgen_futures::spawn_local(async move {
                let left = crate::sync::browser::flush().await;
                if left > 0 {
                    // The server refusing them is not "no connection".
                    let why = crate::sync::browser::trouble_message();
                    set_notice.set(Some(why.unwrap_or_else(|| unsent_message(left))));
                    return;
                }
                let refused = crate::sync::browser::refused_count();
                if refused > 0 && !keep_refused.get_untracked() {
                    set_notice.set(Some(refused_message(refused)));
                    set_asked.set(true);
                    return;
                }
                if crate::sync::browser::device_holds_unsent() {
                    // Someone else's unsent records stay; everything else goes.
                    crate::device::clear_except_unsent().await;
                    if let Some(input) = keep.get_untracked() {
                        input.set_disabled(false);
                    }
                }
                let _ = form.submit();
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, set_notice, set_asked);
    };
    view! {
        <form class="sign-out" method="post" action="/logout" on:submit=on_submit>
            <input type="hidden" name="keep_unsent" value="1" disabled node_ref=keep />
            <button class="button button--reverse" type="submit">"Sign out"</button>
            <p class="sign-out__notice" role="status" hidden=move || notice.with(Option::is_none)>
                {move || notice.get()}
            </p>
            <button class="button button--secondary sign-out__keep" type="submit" hidden=move || !asked.get()
                on:click=move |_| keep_refused.set(true)>
                "Sign out and keep them on this phone"
            </button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::{refused_message, unsent_message};

    #[test]
    fn the_refusal_counts_the_records_in_words() {
        assert!(unsent_message(1).starts_with("1 record is only on this phone"));
        assert!(unsent_message(3).starts_with("3 records are only on this phone"));
        assert!(refused_message(1).starts_with("1 record the server refused is only on this phone"));
        assert!(refused_message(2).starts_with("2 records the server refused are only"));
    }
}
