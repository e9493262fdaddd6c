// Alongside's service worker: keeps the app shell (pages already visited, the
// WebAssembly, JavaScript and CSS) so that the app opens with no network.
// Network first: when the server answers, its answer is shown and kept; when it
// does not, the kept copy is shown and the page says it is offline.
const CACHE = "alongside-shell-v8";
const SHELL = [
  "/offline.html",
  "/pkg/alongside.js",
  // Loads the pages split out of the main download (cargo leptos --split).
  "/pkg/__wasm_split.______________________.js",
  "/pkg/alongside.wasm",
  "/pkg/alongside.css",
  "/manifest.json",
  "/icons/icon.svg",
  "/lock.js",
  "/journal.js",
];

// The pages split out of the main download (the patient's page among them)
// are kept too, so that one never opened before still works offline, and an
// update never leaves the app without them.
async function splitChunks() {
  const response = await fetch("/pkg/__wasm_split_manifest.json", { cache: "no-store" });
  if (!response.ok) return [];
  const manifest = await response.json();
  const names = new Set(Object.values(manifest).flat());
  return [...names].map((name) => `/pkg/${name}.wasm`);
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll([...SHELL, ...(await splitChunks())]);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      // The new shell is complete (install waited for it); the pages the
      // old version kept come along, so an update never leaves a page that
      // opened offline yesterday unable to open today. Then the old goes.
      const names = await caches.keys();
      const fresh = await caches.open(CACHE);
      for (const name of names.filter((n) => n !== CACHE)) {
        const old = await caches.open(name);
        for (const request of await old.keys()) {
          const url = new URL(request.url);
          if (isShellAsset(url) || (await fresh.match(request))) continue;
          const response = await old.match(request);
          if (response) await fresh.put(request, response);
        }
        await caches.delete(name);
      }
      await self.clients.claim();
      // The page that registered this worker loaded before it existed: keep a
      // copy of each open page now, so the very first visit works offline.
      const windows = await self.clients.matchAll({ type: "window" });
      const cache = await caches.open(CACHE);
      await Promise.all(
        windows.map(async (client) => {
          const url = new URL(client.url);
          if (url.origin !== self.location.origin) return;
          try {
            const response = await fetch(url.pathname + url.search, { credentials: "same-origin" });
            if (keepable(response)) await cache.put(url.pathname + url.search, response);
          } catch (_) {
            // Offline already: nothing to keep yet.
          }
        }),
      );
    })(),
  );
});

// Deletes every kept page, keeping the app shell so that the app still
// opens (to its sign-in page) offline.
async function forgetKeptPages() {
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      if (!isShellAsset(new URL(request.url))) await cache.delete(request);
    }
  }
}

function keepable(response) {
  return response && response.ok && !response.redirected && response.type === "basic";
}

function isShellAsset(url) {
  return (
    url.pathname.startsWith("/pkg/") ||
    url.pathname.startsWith("/icons/") ||
    url.pathname === "/manifest.json" ||
    url.pathname === "/lock.js" ||
    url.pathname === "/journal.js" ||
    url.pathname === "/offline.html"
  );
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // A download is a file for the service's spreadsheets, never kept here.
  if (url.pathname.startsWith("/exports/")) return;
  if (request.mode === "navigate") {
    event.respondWith(networkFirst(event, request, "/offline.html"));
  } else if (isShellAsset(url)) {
    event.respondWith(networkFirst(event, request, null));
  }
});

async function networkFirst(event, request, fallback) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    // The sign-in page from the server: a page was answered with it (the
    // sign-in has ended: left idle, or ended elsewhere), or someone is about
    // to sign in, perhaps as someone else. No copy of a page with patient
    // data may outlive the sign-in. (A page's redirect to it reaches here as
    // a navigation of its own: the worker sees navigations' redirects only
    // as opaque answers.)
    if (request.mode === "navigate" && new URL(response.url).pathname === "/login") {
      event.waitUntil(forgetKeptPages());
    }
    // Kept alongside, never before, handing the answer to the page: waiting
    // for the copy first can stall a large body (the WebAssembly) for good,
    // because the copy is only read as fast as the page reads the original.
    if (keepable(response)) event.waitUntil(cache.put(request, response.clone()));
    return response;
  } catch (error) {
    const kept = await cache.match(request, { ignoreVary: true });
    if (kept) return kept;
    if (fallback) {
      const page = await cache.match(fallback);
      if (page) return page;
    }
    throw error;
  }
}
