//! `POST /api/sync`, as the sync contract in `server/API.md` fixes it:
//! each op is checked, judged by the one access rule and stored exactly
//! once; then the caller gets what changed in their scope since its cursor.

use crate::auth::Client;
use crate::http_error::{ApiError, SignedInUser};
use crate::state::AppState;
use crate::store::ChangesPage;
use app::domain::sync::hlc::is_uuid;
use app::domain::sync::ops::{MAX_BYTES, MAX_OPS};
use app::domain::sync::{read_request, OpResult, OpStatus};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::Value;

mod apply;
#[cfg(test)]
mod apply_tests;
mod batch;
mod known;
mod places;
mod shifts;
use apply::apply;

/// At most this many changes in one answer; `more` asks for the rest.
const PAGE: i64 = 500;

/// What happened to one op.
#[derive(Debug, PartialEq)]
pub(super) enum Outcome {
    Applied,
    Duplicate,
    Rejected(String),
}

/// What a phone is told when the store fails mid-request.
const SAVE_LATER: &str =
    "The server cannot save just now. Nothing in this request was stored; try again in a minute.";

/// `s<seq>`: opaque to devices, which only hand it back.
fn parse_cursor(cursor: Option<&str>) -> Option<i64> {
    match cursor {
        None => Some(0),
        Some(text) => text.strip_prefix('s')?.parse().ok().filter(|n| *n >= 0),
    }
}

pub async fn sync(
    State(state): State<AppState>,
    SignedInUser(user): SignedInUser,
    client: Client,
    patient_mode: Option<Extension<app::backend::PatientMode>>,
    locked: Option<Extension<app::backend::DeviceLocked>>,
    body: Bytes,
) -> Result<Response, ApiError> {
    if body.len() > MAX_BYTES {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "A sync request is at most 2 MB. Nothing was stored; send fewer changes at a time.",
        ));
    }
    let request = read_request(&body).map_err(ApiError::bad_request)?;
    if request.ops.len() > MAX_OPS {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "A sync request holds at most 500 changes. Nothing was stored; send fewer at a time.",
        ));
    }
    if !is_uuid(&request.device_id) {
        return Err(ApiError::bad_request("device_id must be the device's UUID. Nothing was stored."));
    }
    let after = parse_cursor(request.cursor.as_deref()).ok_or_else(|| {
        ApiError::bad_request("The cursor is not one this server gave out. Nothing was stored.")
    })?;
    let store = &state.store;
    // A device's first pull starts where what it keeps starts: it prunes
    // anything older than its retention window, so sending it would only
    // cost the phone its data allowance. An hour's margin covers ops
    // received out of order across a commit.
    let after = match request.cursor {
        Some(_) => after,
        None => {
            let days = i64::from(state.auth.device_retention_days);
            let since = chrono::Utc::now() - chrono::Duration::days(days) - chrono::Duration::hours(1);
            store.cursor_before(since).await.map_err(ApiError::unavailable(SAVE_LATER))?
        }
    };
    let reach = store
        .reach(&user.staff_id, user.role, chrono::Utc::now())
        .await
        .map_err(ApiError::unavailable(SAVE_LATER))?;

    // A tablet handed to a patient sends their plan and pulls nothing.
    let handed_to = patient_mode.map(|Extension(mode)| mode.0);
    let outcomes = apply(store, &user, &reach, &request, &client, handed_to.as_deref())
        .await
        .map_err(ApiError::unavailable(SAVE_LATER))?;
    let results: Vec<OpResult> = request
        .ops
        .iter()
        .zip(outcomes)
        .map(|(op, outcome)| {
            let id = op.get("id").and_then(Value::as_str).unwrap_or_default().to_owned();
            let (status, reason) = match outcome {
                Outcome::Applied => (OpStatus::Applied, None),
                Outcome::Duplicate => (OpStatus::Duplicate, None),
                Outcome::Rejected(reason) => (OpStatus::Rejected, Some(reason)),
            };
            OpResult { id, status, reason }
        })
        .collect();

    // A locked phone's records are taken too; it is handed nothing until
    // its PIN is typed again.
    let page = if handed_to.is_some() || locked.is_some() {
        ChangesPage { rows: Vec::new(), read_to: after }
    } else {
        store
            .changes_since(after, &reach.ward_ids, &user.staff_id, &request.device_id, PAGE + 1)
            .await
            .map_err(ApiError::unavailable(SAVE_LATER))?
    };
    let more = page.rows.len() as i64 > PAGE;
    let rows = &page.rows[..page.rows.len().min(PAGE as usize)];
    // A full page ends at its last row; a short one at how far the log was read.
    let cursor = if more { rows.last().map_or(after, |r| r.seq) } else { page.read_to };
    // The stored bodies are sent as they are, the author spliced in, rather
    // than parsed into trees and written out again: a page of changes costs
    // its text and no more.
    let changes: Vec<Box<RawValue>> = rows
        .iter()
        .filter_map(|row| {
            let open = row.body.trim_end().strip_suffix('}')?;
            let author = serde_json::to_string(&row.author_id).ok()?;
            let name = serde_json::to_string(&row.author_name).ok()?;
            RawValue::from_string(format!("{open},\"author\":{author},\"author_name\":{name}}}")).ok()
        })
        .collect();
    Ok(Json(Answer { results, changes, cursor: format!("s{cursor}"), more }).into_response())
}

/// The answer as it is sent: the changes go out as the text they are stored
/// as. (Built with `json!`, each would be parsed into a tree and written out
/// again.)
#[derive(Serialize)]
struct Answer {
    results: Vec<OpResult>,
    changes: Vec<Box<RawValue>>,
    cursor: String,
    more: bool,
}

#[cfg(test)]
mod tests {
    use super::parse_cursor;

    #[test]
    fn only_cursors_this_server_gave_out_are_read() {
        assert_eq!(parse_cursor(None), Some(0));
        assert_eq!(parse_cursor(Some("s42")), Some(42));
        assert_eq!(parse_cursor(Some("42")), None);
        assert_eq!(parse_cursor(Some("s-1")), None);
        assert_eq!(parse_cursor(Some("s1; drop table sync_ops")), None);
    }
}
