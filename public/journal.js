// The outbox's durable copy. localStorage answers at once, which the app
// needs to show "on this phone only" within a frame, but Chromium writes it
// to disk only seconds later: a phone that dies in between would lose the
// note. So every outbox entry is also written here, to IndexedDB with strict
// durability (on disk when the transaction completes), and read back into
// localStorage when the app starts. Only unsent records are kept here.
(() => {
  const NAME = "alongside-journal";
  const STORE = "outbox";
  let opened = null;

  function open() {
    if (!opened) {
      opened = new Promise((resolve, reject) => {
        const request = indexedDB.open(NAME, 1);
        request.onupgradeneeded = () => request.result.createObjectStore(STORE);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => {
          opened = null;
          reject(request.error);
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
          tx.onerror = () => reject(tx.error);
          tx.onabort = () => reject(tx.error);
        }),
    );
  }

  window.alongsideJournal = {
    put: (key, value) => transact("readwrite", (store) => void store.put(value, key)),
    remove: (key) => transact("readwrite", (store) => void store.delete(key)),
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
