//! The site header with the signed-in name and sign-out, for any page.

use super::get_me;
use crate::ui::SiteHeader;
use leptos::prelude::*;

#[component]
pub fn StaffHeader() -> impl IntoView {
    let me = Resource::new(|| (), |_| get_me());
    view! {
        <Suspense fallback=|| view! { <SiteHeader user=None /> }>
            {move || me.get().map(|me| view! { <SiteHeader user=me.ok() /> })}
        </Suspense>
    }
}
