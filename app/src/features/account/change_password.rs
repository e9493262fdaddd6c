//! The server function that changes the signed-in person's own password.

use leptos::prelude::*;

/// Changes the password after checking the current one and the rules.
/// The answer is a sentence to show; errors say what to fix.
#[server(endpoint = "change_password")]
pub async fn change_password(current: String, new: String, confirm: String) -> Result<String, ServerFnError> {
    use crate::backend::{backend, session_key, set_status, signed_in};
    use crate::domain::password_rules::{ChangePasswordError, NewPassword};
    let me = signed_in().await?;
    let keep = session_key().await?;
    let refuse = |e: ChangePasswordError| {
        set_status(match e {
            ChangePasswordError::Unavailable => 503,
            ChangePasswordError::TooManyAttempts { .. } => 429,
            _ => 400,
        });
        ServerFnError::new(e.to_string())
    };
    if new != confirm {
        return Err(refuse(ChangePasswordError::Mismatch));
    }
    let new = NewPassword::parse(&new, &me.username)
        .map_err(|e| refuse(ChangePasswordError::Rule(e.to_string())))?;
    backend()?.0.change_password(&me, current, new, &keep).await.map_err(refuse)?;
    Ok("Your password has been changed.".to_owned())
}
