//! Alongside: the Leptos application, compiled with `ssr` into the server and
//! with `hydrate` into WebAssembly. This file holds the shell and the routes only.

pub mod domain;
pub mod features;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod backend;

use features::account::PasswordRoute;
use features::admin::StaffRoute;
use features::caseload::CaseloadPage;
use features::patient::{PatientAuditRoute, PatientPage};
use features::signin::SignInPage;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, Meta, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, Lazy,
};
use ui::{NotFound, OfflineBanner};

/// The HTML document around every page, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en-GB">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    #[cfg(feature = "ssr")]
    backend::send_content_security_policy();

    view! {
        <Stylesheet id="alongside" href="/pkg/alongside.css" />
        <Link rel="manifest" href="/manifest.json" />
        <Link rel="icon" href="/icons/icon.svg" type_="image/svg+xml" />
        <Meta name="theme-color" content="#005eb8" />
        <Meta name="description" content="Alongside: peer support records for NHS wards" />
        <Title formatter=|page: String| format!("{page} – Alongside") />
        <a class="skip-link" href="#main">"Skip to main content"</a>
        <OfflineBanner />
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/") view=CaseloadPage />
                <Route path=path!("/login") view=SignInPage />
                // Pages few people open are split out of the main download.
                <Route path=path!("/account/password") view={Lazy::<PasswordRoute>::new()} />
                <Route path=path!("/admin/staff") view={Lazy::<StaffRoute>::new()} />
                <Route path=path!("/patients/:id") view=PatientPage />
                <Route path=path!("/patients/:id/audit") view={Lazy::<PatientAuditRoute>::new()} />
            </Routes>
        </Router>
    }
}

/// The WebAssembly entry point: takes over the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    ui::register_service_worker();
    // As `leptos::mount::hydrate_lazy`, which fetches a page split out of the
    // main download before hydrating it; the page is marked interactive only
    // once that is done.
    wasm_bindgen_futures::spawn_local(async {
        let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) else {
            return;
        };
        let app = leptos::mount::hydrate_from_async(body, App).await;
        std::mem::forget(app);
        ui::mark_hydrated();
    });
}
