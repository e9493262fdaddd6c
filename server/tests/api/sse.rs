//! Reading a server-sent event stream in tests, from the router or from a
//! server process over HTTP.

use axum::body::{Body, Bytes};
use futures::stream::BoxStream;
use futures::StreamExt;
use serde_json::Value;
use std::time::Duration;

/// One event as a browser's `EventSource` would dispatch it.
#[derive(Debug)]
pub struct SseEvent {
    pub kind: String,
    pub id: String,
    pub data: Value,
}

pub struct EventReader {
    chunks: BoxStream<'static, Option<Bytes>>,
    text: String,
}

impl EventReader {
    pub fn from_body(body: Body) -> EventReader {
        let chunks = body.into_data_stream().map(|chunk| chunk.ok()).boxed();
        EventReader { chunks, text: String::new() }
    }

    pub fn from_http(response: reqwest::Response) -> EventReader {
        let chunks = futures::stream::unfold(Some(response), |response| async move {
            let mut response = response?;
            match response.chunk().await {
                Ok(Some(chunk)) => Some((Some(chunk), Some(response))),
                // An error is the connection ending: the stream stops there.
                Ok(None) | Err(_) => None,
            }
        })
        .boxed();
        EventReader { chunks, text: String::new() }
    }

    /// The next event; none when the stream ended. Fails the test when
    /// nothing came within `within`.
    pub async fn next(&mut self, within: Duration) -> Option<SseEvent> {
        tokio::time::timeout(within, self.read_event())
            .await
            .unwrap_or_else(|_| panic!("no event and no end of the stream within {within:?}"))
    }

    async fn read_event(&mut self) -> Option<SseEvent> {
        loop {
            while let Some(end) = self.text.find("\n\n") {
                let block: String = self.text.drain(..end + 2).collect();
                if let Some(event) = parse(&block) {
                    return Some(event);
                }
            }
            match self.chunks.next().await {
                Some(Some(chunk)) => self.text.push_str(&String::from_utf8_lossy(&chunk)),
                _ => return None,
            }
        }
    }
}

/// An event block; none for one without data (a keep-alive comment).
fn parse(block: &str) -> Option<SseEvent> {
    let (mut kind, mut id, mut data) = ("message".to_owned(), String::new(), None);
    for line in block.lines() {
        let (field, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.strip_prefix(' ').unwrap_or(value);
        match field {
            "event" => kind = value.to_owned(),
            "id" => id = value.to_owned(),
            "data" => data = Some(serde_json::from_str(value).expect("event data is JSON")),
            _ => {}
        }
    }
    Some(SseEvent { kind, id, data: data? })
}
