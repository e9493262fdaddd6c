//! The page's one event stream (`GET /api/events`): at most one per tab,
//! closed when the page goes. The browser's `EventSource` reconnects by
//! itself after a drop and sends the last event id, so nothing is missed.

use leptos::prelude::*;

/// Whether the stream is open. (Only the browser opens one.)
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    Connecting,
    Live,
    Reconnecting,
}

/// Follows the event stream while the calling component lives: `link`
/// says how it is, and `changed` is bumped on every change (and on a
/// reset, when the page should read everything again).
pub fn follow(link: WriteSignal<Link>, changed: WriteSignal<u32>) {
    #[cfg(feature = "hydrate")]
    {
        browser::open(link, changed);
        on_cleanup(browser::close);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (link, changed);
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::Link;
    use leptos::prelude::*;
    use std::cell::RefCell;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use web_sys::{Event, EventSource};

    type Listener = Closure<dyn FnMut(Event)>;

    thread_local! {
        /// The tab's one stream and its listeners (kept alive with it).
        static STREAM: RefCell<Option<(EventSource, Vec<Listener>)>> = const { RefCell::new(None) };
    }

    pub fn open(link: WriteSignal<Link>, changed: WriteSignal<u32>) {
        close();
        let Ok(source) = EventSource::new("/api/events") else { return };
        let listen = |kind: &str, mut act: Box<dyn FnMut()>| {
            let listener: Listener = Closure::new(move |_: Event| act());
            let _ = source.add_event_listener_with_callback(kind, listener.as_ref().unchecked_ref());
            listener
        };
        let listeners = vec![
            // Read everything once the stream is open: what changed between
            // the page being drawn and now came before the stream did.
            listen(
                "ready",
                Box::new(move || {
                    link.set(Link::Live);
                    changed.update(|n| *n += 1);
                }),
            ),
            listen("change", Box::new(move || changed.update(|n| *n += 1))),
            listen(
                "reset",
                Box::new(move || {
                    link.set(Link::Live);
                    changed.update(|n| *n += 1);
                }),
            ),
            // A drop: the browser tries again by itself after a second.
            listen("error", Box::new(move || link.set(Link::Reconnecting))),
        ];
        STREAM.with(|stream| *stream.borrow_mut() = Some((source, listeners)));
    }

    pub fn close() {
        if let Some((source, _listeners)) = STREAM.with(|stream| stream.borrow_mut().take()) {
            source.close();
        }
    }
}
