//! Signing in. The form posts to the server's `POST /login`, so it works
//! before (and without) the WebAssembly.

mod signin_page;

pub use signin_page::{SignInError, SignInPage};
