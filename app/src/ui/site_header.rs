//! The blue header bar: the app's name and, when signed in, who and sign out.

use crate::domain::SignedIn;
use leptos::prelude::*;

#[component]
pub fn SiteHeader(user: Option<SignedIn>) -> impl IntoView {
    view! {
        <header class="header" role="banner">
            <div class="header__inner">
                <a class="header__brand" href="/">
                    <span class="header__name">"Alongside"</span>
                    <span class="visually-hidden">" home"</span>
                </a>
                {user
                    .map(|user| {
                        view! {
                            <div class="header__account">
                                <span class="header__user">
                                    <span class="header__user-name">{user.display_name}</span>
                                    <span class="header__user-role">{user.role.label()}</span>
                                    <a class="header__link" href="/account/password">"Change password"</a>
                                </span>
                                <super::SignOutButton />
                            </div>
                        }
                    })}
            </div>
        </header>
    }
}
