//! `POST /login` and `POST /logout`, as the sync contract fixes them.

use super::gate::{forget_cookie, wants_html};
use super::sign_in_limit::{wait_before, whole_minutes};
use super::{token::new_token, Client, SESSION_COOKIE};
use crate::http_error::ApiError;
use crate::state::AppState;
use crate::store::{AuditAction, AuditEvent};
use app::domain::{SignedIn, Username, UsernameError};
use app::features::signin::SignInError;
use axum::body::Body;
use axum::extract::rejection::FormRejection;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use chrono::Utc;
use serde::Deserialize;

/// What someone signing in is told when the store fails.
const SIGN_IN_LATER: &str = "Sign-in is not working just now. Try again in a minute.";

/// A password longer than this is not hashed at all: no account has one, and
/// hashing megabytes would let anyone keep the server busy.
const MAX_PASSWORD_BYTES: usize = 1024;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LoginForm {
    username: String,
    password: String,
}

/// Checks the username and password; on success starts a session, sets the
/// cookie and sends the browser to its caseload.
#[tracing::instrument(skip_all)]
pub async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    client: Client,
    form: Result<Form<LoginForm>, FormRejection>,
) -> Response {
    let html = wants_html(&headers);
    let form = match form {
        Ok(Form(form)) => form,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "That sign-in form was far too large to be real.",
            )
            .into_response();
        }
        Err(_) => {
            return refuse(&state, html, SignInError::MissingUsername, StatusCode::BAD_REQUEST, "").await
        }
    };
    let username = match Username::parse(&form.username) {
        Ok(username) => username,
        Err(UsernameError::Empty) => {
            return refuse(&state, html, SignInError::MissingUsername, StatusCode::BAD_REQUEST, "").await
        }
        Err(_) => {
            return refuse(&state, html, SignInError::WrongCredentials, StatusCode::UNAUTHORIZED, "").await
        }
    };
    if form.password.is_empty() {
        return refuse(
            &state,
            html,
            SignInError::MissingPassword,
            StatusCode::BAD_REQUEST,
            username.as_str(),
        )
        .await;
    }
    let now = Utc::now();
    // Counted before the password is checked, so that guesses sent at once
    // see each other (see `reserve_sign_in`); IPv6 by its /64.
    let limit_key = super::client::limit_key(&client.address);
    let reserved = match state.store.reserve_sign_in(username.as_str(), &limit_key, now).await {
        Ok(reserved) => reserved,
        Err(e) => {
            return ApiError::unavailable(SIGN_IN_LATER)(e).into_response();
        }
    };
    let before = &reserved.before;
    // Judged as of after the reservation: every attempt before it was
    // stamped earlier than this, even one whose request started later.
    let judged_at = Utc::now();
    if let Some(wait) = wait_before(&before.by_pair, &before.by_address, &before.by_username, judged_at) {
        forget_attempt(&state, reserved.id).await;
        audit(
            &state,
            AuditEvent::new(AuditAction::SignInPaused, username.as_str())
                .from_device(&client.device, &client.address),
        )
        .await;
        let error = SignInError::TooManyAttempts { minutes: whole_minutes(wait) };
        return refuse(&state, html, error, StatusCode::TOO_MANY_REQUESTS, username.as_str()).await;
    }

    let account = match state.store.staff_login(&username).await {
        Ok(account) => account.filter(|a| a.active),
        Err(e) => {
            forget_attempt(&state, reserved.id).await;
            return ApiError::unavailable(SIGN_IN_LATER)(e).into_response();
        }
    };
    // An unknown user is checked against a stand-in hash so that the answer
    // takes as long as for a real one and does not reveal who has an account.
    let stored = account.as_ref().map_or_else(|| state.dummy_hash.to_string(), |a| a.password_hash.clone());
    let password = form.password;
    let matches = if password.len() > MAX_PASSWORD_BYTES {
        false
    } else {
        match state.password_checks.check(password, stored).await {
            Some(matches) => matches,
            None => {
                forget_attempt(&state, reserved.id).await;
                return refuse(
                    &state,
                    html,
                    SignInError::Busy,
                    StatusCode::TOO_MANY_REQUESTS,
                    username.as_str(),
                )
                .await;
            }
        }
    };
    let Some(account) = account.filter(|_| matches) else {
        tracing::info!(username = %username, "sign-in refused");
        // The reserved attempt stays, as this failure.
        if let Err(e) = state.store.prune_sign_in_failures(now).await {
            tracing::warn!(error = %e, "could not let old failed sign-ins go");
        }
        audit(
            &state,
            AuditEvent::new(AuditAction::SignInFailed, username.as_str())
                .from_device(&client.device, &client.address),
        )
        .await;
        return refuse(
            &state,
            html,
            SignInError::WrongCredentials,
            StatusCode::UNAUTHORIZED,
            username.as_str(),
        )
        .await;
    };

    let (token, token_hash) = new_token();
    let now = Utc::now();
    let expires_at = now + state.auth.absolute_timeout;
    if let Err(e) =
        state.store.create_login_session(&token_hash, &account.user.staff_id, now, expires_at).await
    {
        return ApiError::unavailable(SIGN_IN_LATER)(e).into_response();
    }
    tracing::info!(username = %username, "signed in");
    if let Err(e) = state.store.clear_sign_in_failures(username.as_str()).await {
        tracing::warn!(error = %e, "could not clear earlier failed sign-ins");
    }
    audit(
        &state,
        AuditEvent::new(AuditAction::SignedIn, username.as_str())
            .by(&account.user.staff_id)
            .from_device(&client.device, &client.address),
    )
    .await;
    let cookie = Cookie::build((SESSION_COOKIE, token))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.auth.secure_cookies)
        .build();
    // Administrators read no caseload: their home is the staff accounts.
    let home = if account.user.role == app::domain::Role::Admin { "/admin/staff" } else { "/" };
    (CookieJar::new().add(cookie), Redirect::to(home)).into_response()
}

/// Ends the session named by the cookie, if any, and removes the cookie.
pub async fn logout(
    State(state): State<AppState>,
    jar: CookieJar,
    client: Client,
    user: Option<Extension<SignedIn>>,
    body: axum::body::Bytes,
) -> Response {
    if let Some(cookie) = jar.get(SESSION_COOKIE) {
        let token_hash = super::token::hash_token(cookie.value());
        if let Err(e) = state.store.end_login_session(&token_hash).await {
            return ApiError::unavailable("Sign-out did not reach the database. Try again.")(e)
                .into_response();
        }
    }
    if let Some(Extension(user)) = user {
        let event = AuditEvent::new(AuditAction::SignedOut, &user.username)
            .by(&user.staff_id)
            .from_device(&client.device, &client.address);
        audit(&state, event).await;
    }
    // The phone may be handed to someone else next: the browser drops every
    // page and store the app kept. The app only lets its own sign-out
    // through once this person's outbox is empty; when the device still
    // holds someone else's unsent records (hidden since their PIN locked
    // them out) it says `keep_unsent=1`, has already cleared everything
    // else itself, and the browser is asked to drop only its caches.
    let keep_unsent = body.split(|b| *b == b'&').any(|field| field == b"keep_unsent=1");
    let wipe = if keep_unsent { "\"cache\"" } else { "\"cache\", \"storage\"" };
    let wipe = [(HeaderName::from_static("clear-site-data"), HeaderValue::from_static(wipe))];
    (forget_cookie(), wipe, Redirect::to("/login?error=signed-out")).into_response()
}

/// Forgets an attempt whose password was not checked.
async fn forget_attempt(state: &AppState, id: i64) {
    if let Err(e) = state.store.forget_sign_in_attempt(id).await {
        tracing::warn!(error = %e, "could not forget an unchecked sign-in attempt");
    }
}

/// Writes to the audit trail; a failure is logged loudly but does not stop
/// someone signing in or out.
async fn audit(state: &AppState, event: AuditEvent) {
    if let Err(e) = state.store.record_audit(&event).await {
        tracing::error!(error = %e, action = %event.action, "could not write the audit trail");
    }
}

/// The sign-in form again with the message and the username typed (for a
/// browser), or the message as JSON (for a program), with `status`.
async fn refuse(
    state: &AppState,
    html: bool,
    error: SignInError,
    status: StatusCode,
    username: &str,
) -> Response {
    if !html {
        return ApiError::new(status, error.message()).into_response();
    }
    let options = state.leptos_options.clone();
    let render = leptos_axum::render_app_to_stream(move || app::shell(options.clone()));
    // A parsed username holds only URL-safe characters.
    let page = Request::get(format!("/login?{}&username={username}", error.query())).body(Body::empty());
    match page {
        Ok(page) => {
            let mut response = render(page).await;
            *response.status_mut() = status;
            response
        }
        Err(_) => ApiError::new(status, error.message()).into_response(),
    }
}
