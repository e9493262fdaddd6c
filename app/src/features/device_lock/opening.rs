//! *Opening Alongside*: the page the service worker shows, with no
//! network, in place of a kept page it cannot open yet. Kept pages are
//! sealed under the person's data key, which lives only in the memory of
//! an open page (and, handed over, of the worker): after a while unused, the
//! worker has forgotten it. This page carries the lock screens (drawn with
//! it by the server, like every signed-in page), asks for the PIN, hands
//! the key to the worker and opens the page asked for. Drawn by the server
//! at `/unlock` in place of the app: it is never hydrated, so it costs the
//! download nothing.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};

/// What marks the page: the app opens the data key here, and draws nothing.
pub const OPENING_ID: &str = "opening";

#[component]
pub fn OpeningPage() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title text="Opening Alongside" />
        <a class="skip-link" href="#main">"Skip to main content"</a>
        <main id="main" class="page">
            <div id=OPENING_ID>
                <h1>"Opening Alongside"</h1>
                <p class="lede">"There is no signal. Enter your PIN to open what this phone keeps."</p>
            </div>
        </main>
    }
}
