//! One per process: hears of every commit to the op log (this process's
//! own at once; other instances' through PostgreSQL's LISTEN/NOTIFY), reads
//! once which wards had what kind of record, and hands that to every open
//! stream. The log itself is the source of every event, so a stream resumed
//! from an id misses nothing, whichever instance it reaches.

use crate::store::{Store, StoreError, WardChange};
use sqlx::postgres::PgListener;
use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::Duration;
use tokio::sync::{broadcast, watch, Notify, OnceCell};

/// Commits a stream may fall behind before it is dropped. Each commit is a
/// few lines whatever its size, so a stream this far behind is one whose
/// reader has stopped reading; it reconnects and catches up from the log.
pub const STREAM_BACKLOG: usize = 64;

/// Streams one person may hold open at once in this process (tabs, a phone
/// and a tablet); more are refused rather than each costing a reader.
pub const STREAMS_PER_PERSON: usize = 6;

/// How many ops a resumed stream may have missed and still be told what
/// they were; further back it is told `reset` (fetch everything again), so
/// `Last-Event-ID: 0` cannot make the server fold the whole log.
pub const RESUME_LIMIT: i64 = 5_000;

/// The log is read this often even when no notification came: one lost
/// while the listening connection was down is caught up within this time.
const FALLBACK_READ: Duration = Duration::from_secs(5);

/// What one or more commits added to the log: seqs after `from` up to and
/// including `upto`.
#[derive(Debug)]
pub struct Committed {
    pub from: i64,
    pub upto: i64,
    pub changes: Vec<WardChange>,
}

/// The process's one reader of new commits, started by the first stream.
#[derive(Clone)]
pub struct Hub {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    sender: broadcast::Sender<Arc<Committed>>,
    /// The newest seq handed to the streams.
    latest: AtomicI64,
    started: OnceCell<()>,
    /// True once the server is shutting down: every stream ends, or a
    /// graceful shutdown would wait for them for good.
    closing: watch::Sender<bool>,
    /// Open streams by person.
    open: Mutex<HashMap<String, usize>>,
    streams_per_person: usize,
    resume_limit: i64,
}

/// One person's place among the open streams, given back when the stream ends.
pub struct StreamPermit {
    inner: Arc<Inner>,
    staff_id: String,
}

impl Drop for StreamPermit {
    fn drop(&mut self) {
        let mut open = self.inner.open.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = open.get_mut(&self.staff_id) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                open.remove(&self.staff_id);
            }
        }
    }
}

impl Hub {
    pub fn new(store: Store) -> Hub {
        Hub::with_limits(store, STREAMS_PER_PERSON, RESUME_LIMIT)
    }

    /// A hub with other limits than [`STREAMS_PER_PERSON`] and [`RESUME_LIMIT`].
    pub fn with_limits(store: Store, streams_per_person: usize, resume_limit: i64) -> Hub {
        let (sender, _) = broadcast::channel(STREAM_BACKLOG);
        let (closing, _) = watch::channel(false);
        Hub {
            inner: Arc::new(Inner {
                store,
                sender,
                latest: AtomicI64::new(0),
                started: OnceCell::new(),
                closing,
                open: Mutex::new(HashMap::new()),
                streams_per_person,
                resume_limit,
            }),
        }
    }

    /// A new stream's receiver, and the newest seq already handed out: the
    /// receiver gets every commit after it.
    pub async fn subscribe(&self) -> Result<(broadcast::Receiver<Arc<Committed>>, i64), StoreError> {
        self.inner
            .started
            .get_or_try_init(|| async {
                let store = &self.inner.store;
                self.inner.latest.store(store.last_seq().await?, Ordering::SeqCst);
                let listener = store.commit_listener().await?;
                tokio::spawn(read_commits(Arc::downgrade(&self.inner), store.commits(), listener));
                Ok::<(), StoreError>(())
            })
            .await?;
        // Subscribed before `latest` is read: a commit handed out in
        // between is both received and covered by `latest`, never neither.
        let receiver = self.inner.sender.subscribe();
        Ok((receiver, self.inner.latest.load(Ordering::SeqCst)))
    }

    /// A place for one more of `staff_id`'s streams, unless they hold as
    /// many as they may.
    pub fn admit(&self, staff_id: &str) -> Option<StreamPermit> {
        let mut open = self.inner.open.lock().unwrap_or_else(PoisonError::into_inner);
        let count = open.entry(staff_id.to_owned()).or_insert(0);
        if *count >= self.inner.streams_per_person {
            return None;
        }
        *count += 1;
        Some(StreamPermit { inner: Arc::clone(&self.inner), staff_id: staff_id.to_owned() })
    }

    /// How many ops a resumed stream may have missed and still be told them.
    pub fn resume_limit(&self) -> i64 {
        self.inner.resume_limit
    }

    /// Ends every stream, now and from now on (the server is shutting down).
    pub fn close(&self) {
        self.inner.closing.send_replace(true);
    }

    /// Becomes true when the server starts shutting down.
    pub fn closing(&self) -> watch::Receiver<bool> {
        self.inner.closing.subscribe()
    }

    /// How many streams are open in this process.
    pub fn streams(&self) -> usize {
        self.inner.sender.receiver_count()
    }
}

/// Waits for a commit (or the fallback read), reads what it added, hands it
/// out; stops when the hub or the store is gone.
async fn read_commits(hub: Weak<Inner>, commits: Arc<Notify>, mut listener: Option<PgListener>) {
    loop {
        tokio::select! {
            _ = commits.notified() => {}
            heard = next_notification(&mut listener) => {
                if let Err(e) = heard {
                    // The listener reconnects on its next call; what was
                    // missed meanwhile is read from the log below.
                    tracing::warn!(error = %e, "listening for other instances' commits failed");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
            _ = tokio::time::sleep(FALLBACK_READ) => {}
        }
        let Some(inner) = hub.upgrade() else { return };
        if inner.store.is_closed() {
            return;
        }
        let from = inner.latest.load(Ordering::SeqCst);
        match inner.store.ward_changes_after(from).await {
            Ok(changes) => {
                let Some(upto) = changes.iter().map(|c| c.seq).max() else { continue };
                inner.latest.store(upto, Ordering::SeqCst);
                // No stream open is not an error.
                let _ = inner.sender.send(Arc::new(Committed { from, upto, changes }));
            }
            Err(e) => tracing::warn!(error = %e, "reading the op log for live events failed"),
        }
    }
}

async fn next_notification(listener: &mut Option<PgListener>) -> Result<(), sqlx::Error> {
    match listener {
        Some(listener) => listener.recv().await.map(|_| ()),
        None => std::future::pending().await,
    }
}
