//! Live event streams held open while the devices sync, as a manager's
//! dashboard holds one: each records when each event arrived, and the delay
//! is worked out afterwards from when the server received the ops it covers.

use chrono::{DateTime, Utc};
use std::time::Instant;

/// What one stream saw: the id it started from, then each change's id and
/// when it arrived.
#[derive(Default)]
pub struct Heard {
    pub start: i64,
    pub changes: Vec<(i64, DateTime<Utc>)>,
    /// The stream ended before the run did (dropped by the server).
    pub ended_early: bool,
}

/// Holds one stream open until `until`, noting every event.
pub async fn listen(
    client: reqwest::Client,
    url: String,
    cookie: String,
    until: Instant,
) -> Result<Heard, String> {
    let mut response = client
        .get(format!("{url}/api/events"))
        .header("cookie", cookie)
        .send()
        .await
        .map_err(|e| format!("opening an event stream failed: {e}"))?;
    if !response.status().is_success() {
        return Err(format!("an event stream was refused ({})", response.status()));
    }
    let (mut heard, mut text) = (Heard::default(), String::new());
    loop {
        let chunk = tokio::select! {
            chunk = response.chunk() => chunk,
            _ = tokio::time::sleep_until(until.into()) => return Ok(heard),
        };
        let Ok(Some(chunk)) = chunk else {
            heard.ended_early = true;
            return Ok(heard);
        };
        let arrived = Utc::now();
        text.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = text.find("\n\n") {
            let block: String = text.drain(..end + 2).collect();
            let field = |name: &str| {
                block.lines().find_map(|l| l.strip_prefix(name).map(|v| v.trim_start().to_owned()))
            };
            let id = field("id:").and_then(|id| id.parse::<i64>().ok());
            match (field("event:").as_deref(), id) {
                (Some("ready"), Some(id)) => heard.start = id,
                (Some("change"), Some(id)) => heard.changes.push((id, arrived)),
                _ => {}
            }
        }
    }
}

/// The delay of each change each stream heard, in ms: from when the server
/// received the oldest op it covers (`received`, by seq, oldest first) to
/// when it arrived. The server notes an op received before it writes it, so
/// this counts the write too: it is never less than the true delay.
pub fn delays_ms(heard: &[Heard], received: &[(i64, DateTime<Utc>)]) -> Vec<f64> {
    let mut delays = Vec::new();
    for stream in heard {
        let mut after = stream.start;
        for (upto, arrived) in &stream.changes {
            let first = received.partition_point(|(seq, _)| *seq <= after);
            let last = received.partition_point(|(seq, _)| seq <= upto);
            if let Some(oldest) = received[first..last].iter().map(|(_, at)| *at).min() {
                delays.push((*arrived - oldest).num_microseconds().unwrap_or(0) as f64 / 1000.0);
            }
            after = *upto;
        }
    }
    delays
}
