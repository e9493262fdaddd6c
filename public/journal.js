// The outbox's durable copy. localStorage answers at once, which the app
// needs to show "on this phone only" within a frame, but Chromium writes it
// to disk only seconds later: a phone that dies in between would lose the
// note. So every outbox entry is also written here, to IndexedDB with strict
// durability (on disk when the transaction completes), and read back into
// localStorage when the app starts. Only unsent records are kept here, and
// the wrapped data keys without which they cannot be opened (they are
// sealed: app/src/sync/sealed.rs).
//
// Also here, as it is about the same storage: asking the browser to keep it
// (at sign-in) and measuring what is used and left (the This phone panel).
(() => {
  const NAME = "alongside-journal";
  const STORE = "outbox";
  let opened = null;

  // Rejections carry a sentence the This phone panel can show.
  function why(error) {
    return (error && (error.message || error.name)) || "the browser gave no reason";
  }

  function open() {
    if (!opened) {
      opened = new Promise((resolve, reject) => {
        const request = indexedDB.open(NAME, 1);
        request.onupgradeneeded = () => request.result.createObjectStore(STORE);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => {
          opened = null;
          reject(why(request.error));
        };
      });
    }
    return opened;
  }

  function transact(mode, work) {
    return open().then(
      (db) =>
        new Promise((resolve, reject) => {
          const tx = db.transaction(STORE, mode, { durability: "strict" });
          const result = work(tx.objectStore(STORE));
          tx.oncomplete = () => resolve(result);
          tx.onerror = () => reject(why(tx.error));
          tx.onabort = () => reject(why(tx.error));
        }),
    ).catch((error) => Promise.reject(typeof error === "string" ? error : why(error)));
  }

  // The most characters of text that is not plain ASCII (what phones type:
  // curly quotes, accents) one more localStorage entry can take now.
  // Found by trying: browsers do not say how much localStorage is left.
  const PROBE = "alongside.probe";
  function localRoom() {
    const fits = (n) => {
      try {
        localStorage.setItem(PROBE, "\u2019".repeat(n));
        return true;
      } catch (_) {
        return false;
      } finally {
        localStorage.removeItem(PROBE);
      }
    };
    if (!fits(0)) return 0;
    let low = 0;
    let high = 1 << 16;
    while (fits(high)) {
      low = high;
      high *= 2;
      if (high > 1 << 27) return low;
    }
    while (high - low > 1024) {
      const middle = (low + high) >> 1;
      if (fits(middle)) low = middle;
      else high = middle;
    }
    return low;
  }

  function localUsed() {
    let chars = 0;
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      chars += key.length + (localStorage.getItem(key) || "").length;
    }
    return chars;
  }

  // Whether the browser keeps this site's storage when space runs short
  // (Safari otherwise clears it after 7 days unused), asked once a tab
  // after sign-in; the answer is kept for the This phone panel.
  const PERSIST = "alongside.persist";
  function askToKeep() {
    const s = navigator.storage;
    if (!s || !s.persist || !s.persisted) return Promise.resolve(null);
    return s
      .persisted()
      .then((already) => already || s.persist())
      .then((granted) => {
        try {
          localStorage.setItem(PERSIST, granted ? "granted" : "refused");
        } catch (_) {
          // Full or switched off: the panel asks the browser again.
        }
        return granted;
      })
      .catch(() => null);
  }
  document.addEventListener("DOMContentLoaded", () => {
    if (!document.getElementById("device-lock")) return;
    try {
      if (sessionStorage.getItem(PERSIST)) return;
      sessionStorage.setItem(PERSIST, "asked");
    } catch (_) {
      return;
    }
    askToKeep();
  });

  window.alongsideStorage = {
    // What the This phone panel shows (app/src/domain/sync/room.rs).
    report: () => {
      const s = navigator.storage;
      const persisted = s && s.persisted ? s.persisted().catch(() => null) : Promise.resolve(null);
      const estimate = s && s.estimate ? s.estimate().catch(() => null) : Promise.resolve(null);
      return Promise.all([persisted, estimate]).then(([kept, e]) => ({
        persisted: kept,
        usage: e && typeof e.usage === "number" ? e.usage : null,
        quota: e && typeof e.quota === "number" ? e.quota : null,
        localUsed: localUsed(),
        localRoom: localRoom(),
      }));
    },
    askToKeep,
  };

  // Writes asked for in the same turn (a contact and its follow-ups, a
  // thousand entries journaled at start) go in one transaction: one trip
  // to the disk, where one each queued up for seconds. Each write's promise
  // is the transaction's: it resolves once all of them are on disk. The
  // last write asked for a key is the one made.
  let batch = null;
  function write(key, value) {
    if (!batch) {
      const writes = new Map();
      batch = {
        writes,
        done: Promise.resolve().then(() => {
          batch = null;
          return transact("readwrite", (store) => {
            for (const [k, v] of writes) {
              if (v === null) store.delete(k);
              else store.put(v, k);
            }
          });
        }),
      };
    }
    batch.writes.set(key, value);
    return batch.done;
  }

  window.alongsideJournal = {
    put: (key, value) => write(key, value),
    remove: (key) => write(key, null),
    // Every entry as [key, value] pairs.
    entries: () =>
      transact("readonly", (store) => {
        const out = [];
        const cursor = store.openCursor();
        cursor.onsuccess = () => {
          const c = cursor.result;
          if (c) {
            out.push([c.key, c.value]);
            c.continue();
          }
        };
        return out;
      }),
  };
})();
