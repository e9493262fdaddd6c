//! A calm banner while the device has no network. Going offline is normal on a
//! ward, so this is information, never an error. Below it, what the person
//! must do when the server refuses the phone's records (their sign-in ended,
//! say): those will not go by themselves, whatever the signal.

use leptos::prelude::*;

#[component]
pub fn OfflineBanner() -> impl IntoView {
    // The server only renders pages when it is reachable, so the first render
    // says "online"; the browser corrects it after hydration.
    let (online, set_online) = signal(true);

    #[cfg(feature = "hydrate")]
    {
        use leptos::ev;
        Effect::new(move |_| {
            if let Some(window) = web_sys::window() {
                set_online.set(window.navigator().on_line());
            }
        });
        let on = window_event_listener(ev::online, move |_| set_online.set(true));
        let off = window_event_listener(ev::offline, move |_| set_online.set(false));
        on_cleanup(move || {
            on.remove();
            off.remove();
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = set_online;

    view! {
        <div class="offline-banner" role="status" aria-live="polite">
            <p class="offline-banner__text offline-banner__text--staff" hidden=move || online.get()>
                <strong>"You are offline."</strong>
                " You can keep using Alongside. What you record stays on this device until the network is back."
            </p>
            // On a tablet handed to a patient (`html[data-patient-mode]`), in their words.
            <p class="offline-banner__text offline-banner__text--patient" hidden=move || online.get()>
                {crate::domain::plan::words::OFFLINE}
            </p>
            // Filled in and shown by the sync loop (`sync::browser`) when the
            // server refuses the phone's records; only the browser knows.
            <p id="sync-trouble" class="offline-banner__text offline-banner__text--staff offline-banner__text--trouble" hidden>
                <strong id="sync-trouble-text"></strong>
                " "
                <a id="sync-trouble-sign-in" href="/login" hidden>"Sign in again"</a>
            </p>
        </div>
    }
}
