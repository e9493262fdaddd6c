//! The page for an address that does not exist.

use super::SiteHeader;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::backend::set_status(404);
    view! {
        <Title text="Page not found" />
        <SiteHeader user=None />
        <main id="main" class="page">
            <h1>"Page not found"</h1>
            <p>"If you typed the web address, check it is correct."</p>
            <p><a href="/">"Go to today's caseload"</a></p>
        </main>
    }
}
