//! Alongside: the Leptos application, compiled with `ssr` into the server and
//! with `hydrate` into WebAssembly. This file holds the shell and the routes only.

pub mod domain;
pub mod features;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod backend;

use features::account::PasswordPage;
use features::admin::StaffPage;
use features::caseload::CaseloadPage;
use features::patient::{PatientAuditPage, PatientPage};
use features::signin::SignInPage;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, Meta, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path,
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
                <Route path=path!("/account/password") view=PasswordPage />
                <Route path=path!("/admin/staff") view=StaffPage />
                <Route path=path!("/patients/:id") view=PatientPage />
                <Route path=path!("/patients/:id/audit") view=PatientAuditPage />
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
    leptos::mount::hydrate_body(App);
    ui::mark_hydrated();
}
