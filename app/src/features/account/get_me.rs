//! Who is signed in, for the header of pages that show no one else's data.

use crate::domain::SignedIn;
use leptos::prelude::*;

#[server(endpoint = "get_me")]
pub async fn get_me() -> Result<SignedIn, ServerFnError> {
    crate::backend::signed_in().await
}
