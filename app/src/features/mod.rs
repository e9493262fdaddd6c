//! One folder per thing a user sees.

/// A route whose page is split out of the main download (`cargo leptos
/// build --split`) and fetched the first time it opens.
macro_rules! lazy_page {
    ($(#[$doc:meta])* $route:ident => $page:ident) => {
        $(#[$doc])*
        pub struct $route;

        #[leptos_router::lazy_route]
        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> leptos::prelude::AnyView {
                use leptos::prelude::*;
                view! { <$page /> }.into_any()
            }
        }
    };
}
pub(crate) use lazy_page;

pub mod account;
pub mod admin;
pub mod caseload;
pub mod concerns;
pub mod dashboard;
pub mod device_lock;
pub mod follow_ups;
pub mod patient;
pub mod phones;
pub mod plan;
pub mod reports;
pub mod shifts;
pub mod signin;
