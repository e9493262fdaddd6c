//! `GET /api/events`: a server-sent event stream telling a signed-in user's
//! screens which of their wards just had new records, so a dashboard can
//! fetch what changed without reloading. Scoped like sync's `changes`: only
//! the wards the user works on (a manager: every ward of their sites).
//!
//! Each event says *that* a ward had records of some kinds, never what they
//! say: a pointer, like the notification between instances. Its id is a
//! point in the op log, so a stream resumed with `Last-Event-ID` (as every
//! browser's `EventSource` does by itself) gets one event covering all it
//! missed, whichever instance it reaches.

use crate::http_error::{ApiError, SignedInUser};
use crate::state::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast::{self, error::RecvError};

mod hub;
pub use hub::{Committed, Hub, StreamPermit, RESUME_LIMIT, STREAMS_PER_PERSON, STREAM_BACKLOG};

/// A stream ends after this long and the browser opens a new one, so that a
/// signed-out or moved user's stream does not outlive their access.
const STREAM_LIFETIME: Duration = Duration::from_secs(10 * 60);

/// A comment this often keeps proxies from closing a quiet stream.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// How long a browser waits before reconnecting a closed stream.
const RETRY_MS: u64 = 1_000;

pub async fn events(
    State(state): State<AppState>,
    SignedInUser(user): SignedInUser,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let resume = match headers.get("last-event-id").map(|v| v.to_str().ok().and_then(parse_id)) {
        None => None,
        Some(Some(id)) => Some(id),
        Some(None) => {
            return Err(ApiError::bad_request(
                "Last-Event-ID must be an event id this server sent (a whole number).",
            ))
        }
    };
    let Some(permit) = state.events.admit(&user.staff_id) else {
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            format!(
                "Live updates are already open in {STREAMS_PER_PERSON} of your tabs or devices, the most at once. Close one; this screen still shows what it has."
            ),
        ));
    };
    let store = &state.store;
    let reach = store
        .reach(&user.staff_id, user.role, chrono::Utc::now())
        .await
        .map_err(ApiError::unavailable(NOT_NOW))?;
    let wards: HashSet<String> = reach.ward_ids.into_iter().collect();
    let (receiver, latest) = state.events.subscribe().await.map_err(ApiError::unavailable(NOT_NOW))?;

    let closing = state.events.closing();
    let mut live = Live { receiver, closing, wards, sent_upto: latest, first: Vec::new(), _permit: permit };
    match resume {
        // An id from the future is not from this log (another database, or
        // one restored from a backup), and one from too far back would mean
        // reading a long stretch of it: start again from now.
        Some(id) if id > latest || latest - id > state.events.resume_limit() => {
            live.first.push(opening("reset", latest))
        }
        Some(id) => {
            live.first.push(opening("ready", id));
            let changes = store.ward_changes_after(id).await.map_err(ApiError::unavailable(NOT_NOW))?;
            let upto = changes.iter().map(|c| c.seq).max().unwrap_or(id);
            live.sent_upto = upto.max(latest);
            let missed = Committed { from: id, upto: live.sent_upto, changes };
            live.first.extend(live.event_for(&missed));
        }
        None => live.first.push(opening("ready", latest)),
    }
    live.first.reverse();

    let ends_at = tokio::time::Instant::now() + STREAM_LIFETIME;
    let stream = futures::stream::unfold(live, move |mut live| async move {
        let event = live.next(ends_at).await?;
        Some((Ok::<Event, Infallible>(event), live))
    });
    let mut response = Sse::new(stream).keep_alive(KeepAlive::new().interval(KEEP_ALIVE)).into_response();
    // Proxies that buffer responses (nginx does by default) would hold the events back.
    response.headers_mut().insert("x-accel-buffering", HeaderValue::from_static("no"));
    Ok(response)
}

fn parse_id(text: &str) -> Option<i64> {
    text.trim().parse().ok().filter(|n| *n >= 0)
}

/// What a screen is told when the store fails as its stream opens.
const NOT_NOW: &str = "Live updates are not available just now; try again in a minute.";

/// The first event of a stream: `ready` (it is open and everything up to
/// `id` has been told) or `reset` (what was missed cannot be told; fetch
/// everything again), with how soon to reconnect after a drop.
fn opening(kind: &'static str, id: i64) -> Event {
    Event::default()
        .event(kind)
        .id(id.to_string())
        .retry(Duration::from_millis(RETRY_MS))
        .data(json!({ "upto": id }).to_string())
}

/// One open stream.
struct Live {
    receiver: broadcast::Receiver<Arc<Committed>>,
    /// True once the server is shutting down.
    closing: tokio::sync::watch::Receiver<bool>,
    wards: HashSet<String>,
    /// Everything up to here has been told (or was outside the wards).
    sent_upto: i64,
    /// Events to send before the live ones, last first.
    first: Vec<Event>,
    /// This person's place among the open streams, given back at the end.
    _permit: StreamPermit,
}

impl Live {
    /// The next event for this stream; none when it should end: its time is
    /// up, or its reader fell so far behind that it has stopped reading
    /// (dropped rather than buffered for; the browser reconnects and
    /// catches up from the log).
    async fn next(&mut self, ends_at: tokio::time::Instant) -> Option<Event> {
        if *self.closing.borrow() {
            return None;
        }
        if let Some(event) = self.first.pop() {
            return Some(event);
        }
        loop {
            let next = tokio::select! {
                next = tokio::time::timeout_at(ends_at, self.receiver.recv()) => next,
                _ = self.closing.wait_for(|closing| *closing) => return None,
            };
            match next {
                Err(_) | Ok(Err(RecvError::Closed)) => return None,
                Ok(Err(RecvError::Lagged(missed))) => {
                    tracing::info!(missed, "dropped a live event stream that stopped reading");
                    return None;
                }
                Ok(Ok(committed)) => {
                    if committed.upto <= self.sent_upto {
                        continue;
                    }
                    let event = self.event_for(&committed);
                    self.sent_upto = committed.upto;
                    if event.is_some() {
                        return event;
                    }
                }
            }
        }
    }

    /// `change`: which of this stream's wards had which kinds of record.
    fn event_for(&self, committed: &Committed) -> Option<Event> {
        let mut wards: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for change in committed.changes.iter().filter(|c| self.wards.contains(&c.ward_id)) {
            wards.entry(&change.ward_id).or_default().insert(&change.entity);
        }
        if wards.is_empty() {
            return None;
        }
        let wards: Vec<_> =
            wards.into_iter().map(|(ward, kinds)| json!({ "ward_id": ward, "entities": kinds })).collect();
        let data = json!({ "upto": committed.upto, "wards": wards });
        Some(Event::default().event("change").id(committed.upto.to_string()).data(data.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::parse_id;

    #[test]
    fn only_ids_this_server_sends_are_resumed_from() {
        assert_eq!(parse_id("42"), Some(42));
        assert_eq!(parse_id(" 0 "), Some(0));
        assert_eq!(parse_id("-1"), None);
        assert_eq!(parse_id("s42"), None);
        assert_eq!(parse_id(""), None);
    }
}
