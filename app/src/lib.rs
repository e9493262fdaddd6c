//! Alongside: the Leptos application, compiled with `ssr` into the server and
//! with `hydrate` into WebAssembly. This file holds the shell and the routes only.
// The patient page's view type is deep; the hydrate build needs room.
#![recursion_limit = "256"]

#[cfg(feature = "hydrate")]
pub mod device;
pub mod domain;
pub mod features;
pub mod sync;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod backend;

use features::account::PasswordRoute;
use features::admin::AdminRoute;
use features::caseload::CaseloadRoute;
use features::dashboard::DashboardRoute;
use features::patient::{PatientAuditRoute, PatientRoute};
use features::reports::ReportsRoute;
use features::signin::SignInPage;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, Lazy,
};
use ui::{NotFound, OfflineBanner};

/// The HTML document around every page, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let (lock_seconds, retention_days) = use_context::<backend::DeviceSettings>()
        .map_or((domain::device_pin::DEFAULT_LOCK_SECONDS, sync::DEFAULT_RETENTION_DAYS), |d| {
            (d.lock_after_seconds, d.retention_days)
        });
    #[cfg(not(feature = "ssr"))]
    let (lock_seconds, retention_days) =
        (domain::device_pin::DEFAULT_LOCK_SECONDS, sync::DEFAULT_RETENTION_DAYS);
    // Outside the hydrated app: drawn by the server only.
    #[cfg(feature = "ssr")]
    let lock =
        backend::signed_in_for_page().map(|user| view! { <features::device_lock::LockScreens user /> });
    #[cfg(not(feature = "ssr"))]
    let lock: Option<()> = None;
    // Drawn while the server held the device lock (so without anyone's
    // data): lock.js draws the page again once the PIN unlocks it.
    #[cfg(feature = "ssr")]
    let drawn_locked = backend::locked_for_page().then_some("");
    #[cfg(not(feature = "ssr"))]
    let drawn_locked: Option<&str> = None;
    // `/unlock`: the page the service worker stands in with (see `OpeningPage`).
    #[cfg(feature = "ssr")]
    let opening_only = use_context::<backend::OpeningOnly>().is_some();
    #[cfg(not(feature = "ssr"))]
    let opening_only = false;
    let page = if opening_only {
        leptos::either::Either::Left(view! { <features::device_lock::OpeningPage /> })
    } else {
        leptos::either::Either::Right(view! { <App /> })
    };
    view! {
        <!DOCTYPE html>
        <html lang="en-GB">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                // Plain tags here, not leptos_meta components: the shell is
                // only ever drawn by the server, so they cost the download nothing.
                <link rel="stylesheet" id="alongside" href="/pkg/alongside.css" />
                <link rel="manifest" href="/manifest.json" />
                <link rel="icon" href="/icons/icon.svg" type="image/svg+xml" />
                <meta name="theme-color" content="#005eb8" />
                <meta name="description" content="Alongside: peer support records for NHS wards" />
                // Hides the page before it is drawn when this device is locked.
                <script src="/lock.js"></script>
                // The outbox's durable copy on the device (IndexedDB).
                <script src="/journal.js"></script>
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body data-lock-seconds=lock_seconds data-retention-days=retention_days data-server-locked=drawn_locked>
                {page}
                {lock}
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();

    view! {
        <Title formatter=|page: String| format!("{page} – Alongside") />
        <a class="skip-link" href="#main">"Skip to main content"</a>
        <OfflineBanner />
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/") view={Lazy::<CaseloadRoute>::new()} />
                <Route path=path!("/login") view=SignInPage />
                // Pages few people open are split out of the main download.
                <Route path=path!("/account/password") view={Lazy::<PasswordRoute>::new()} />
                <Route path=path!("/admin/*page") view={Lazy::<AdminRoute>::new()} />
                <Route path=path!("/dashboard") view={Lazy::<DashboardRoute>::new()} />
                // One route for the reports: each route costs the main download.
                <Route path=path!("/reports/*page") view={Lazy::<ReportsRoute>::new()} />
                <Route path=path!("/patients/:id") view={Lazy::<PatientRoute>::new()} />
                <Route path=path!("/patients/:id/audit") view={Lazy::<PatientAuditRoute>::new()} />
                <Route path=path!("/plan/:id") view={Lazy::<PatientRoute>::new()} />
            </Routes>
        </Router>
    }
}

/// The WebAssembly entry point: takes over the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // Readable panics while developing; the release leaves the panic
    // formatting out of every phone's download.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    ui::register_service_worker();
    // A sign-out after five wrong PINs is still on its way to the server
    // (lock.js covers the page and finishes it): nothing may sync or unlock.
    if device::is_ending() {
        return;
    }
    let document = web_sys::window().and_then(|w| w.document());
    if document.and_then(|d| d.get_element_by_id(features::device_lock::OPENING_ID)).is_some() {
        // *Opening Alongside*: open the key for the service worker, nothing else.
        wasm_bindgen_futures::spawn_local(async {
            sync::local::recover_from_journal().await;
            features::device_lock::start();
            sync::vault::open_for_worker().await;
        });
        return;
    }
    // As `leptos::mount::hydrate_lazy`, which fetches a page split out of the
    // main download before hydrating it; the page is marked interactive only
    // once that is done.
    wasm_bindgen_futures::spawn_local(async {
        // What the journal kept that `localStorage` lost (a phone that died
        // just after a save: records, the PIN's record, the wrapped keys).
        sync::local::recover_from_journal().await;
        // Then, apart from the app: the lock works even while a page loads.
        features::device_lock::start();
        // The key that opens what the phone keeps about people: nothing is
        // read or kept before it (offline, the PIN opens it).
        sync::vault::open_for_page().await;
        // Sends what is waiting in the outbox and pulls others' records.
        sync::browser::start();
        let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) else {
            return;
        };
        let app = leptos::mount::hydrate_from_async(body, App).await;
        std::mem::forget(app);
        ui::mark_hydrated();
    });
}
