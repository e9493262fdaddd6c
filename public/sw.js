// Alongside's service worker: keeps the app shell (the WebAssembly,
// JavaScript and CSS) and the pages already visited, sealed (below), so that
// the app opens with no network. Network first: when the server answers, its
// answer is shown and kept; when it does not, the kept copy is shown and the
// page says it is offline.
const CACHE = "alongside-shell-v9";

// Pages are kept sealed. A page of the app may hold patient data, so its
// copy is kept encrypted (AES-256-GCM, the page's address as associated
// data) under the signed-in person's data key, which the app hands this
// worker once it has opened it and which lives only in the worker's memory
// (app/DEVICE.md, "What the phone keeps is sealed"). A page fetched before
// the key arrives waits here, in memory, for a minute at most. The app's
// open pages keep the worker alive; once none is open the browser stops it
// and the key is gone. Offline, a kept page is opened with the key, and the
// page opening takes it from the worker; without it the worker shows
// "Opening Alongside" (/unlock, no one's data) in the page's place, which
// asks for the PIN, hands the key over and opens the page.
const OPEN_PAGES = ["/login", "/unlock"];
const WAIT_MS = 60_000;
let sealing = null; // { owner, raw (hex), key (CryptoKey) }
let openingOwner = null;
const waiting = new Map(); // address -> { body, init, at }

function fromHex(hex) {
  return Uint8Array.from(hex.match(/../g) || [], (b) => parseInt(b, 16));
}

function aad(address) {
  return new TextEncoder().encode(address);
}

// The headers a kept copy is served with: the page's own (its security
// policy's nonce among them), less what described the body on the wire.
function headersOf(response) {
  const headers = new Headers(response.headers);
  for (const name of ["content-length", "content-encoding", "x-alongside-sealed"]) headers.delete(name);
  return headers;
}

async function seal(cache, address, body, init) {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: aad(address) }, sealing.key, body);
  const bytes = new Uint8Array(12 + sealed.byteLength);
  bytes.set(iv);
  bytes.set(new Uint8Array(sealed), 12);
  const headers = new Headers(init.headers);
  headers.set("x-alongside-sealed", sealing.owner);
  await cache.put(address, new Response(bytes, { status: init.status, statusText: init.statusText, headers }));
}

async function keepSealed(cache, address, response) {
  const body = await response.arrayBuffer();
  const init = { status: response.status, statusText: response.statusText, headers: [...headersOf(response)] };
  if (sealing) return seal(cache, address, body, init);
  const now = Date.now();
  for (const [kept, entry] of waiting) if (now - entry.at > WAIT_MS) waiting.delete(kept);
  waiting.set(address, { body, init, at: now });
}

// A kept copy as the page may be shown: opened if it is sealed and the
// worker has its key; null if it cannot be opened now.
async function openKept(kept, address) {
  const owner = kept.headers.get("x-alongside-sealed");
  if (!owner) return kept;
  if (!sealing || sealing.owner !== owner) return null;
  try {
    const bytes = new Uint8Array(await kept.arrayBuffer());
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: bytes.slice(0, 12), additionalData: aad(address) },
      sealing.key,
      bytes.slice(12),
    );
    return new Response(plain, { status: kept.status, statusText: kept.statusText, headers: headersOf(kept) });
  } catch (_) {
    return null;
  }
}

// "Opening Alongside", standing in for a kept page the worker cannot open
// yet (marked, like the offline page, so it gives way to the real page
// once the network is back).
async function opening(cache) {
  const page = await cache.match("/unlock");
  if (!page) return null;
  const html = (await page.text()).replace("<html", "<html data-offline-copy");
  return new Response(html, { status: 200, headers: headersOf(page) });
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  const reply = (answer) => event.ports[0] && event.ports[0].postMessage(answer);
  if (data.type === "alongside-key" && typeof data.key === "string" && typeof data.owner === "string") {
    event.waitUntil(
      (async () => {
        const raw = fromHex(data.key);
        const key = await crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
        sealing = { owner: data.owner, raw: data.key, key };
        reply(true);
        const cache = await caches.open(CACHE);
        for (const [address, entry] of waiting) await seal(cache, address, entry.body, entry.init);
        waiting.clear();
        // The page to stand in with offline, drawn for this person.
        if (openingOwner !== data.owner) {
          try {
            const page = await fetch("/unlock", { credentials: "same-origin", cache: "no-store" });
            if (keepable(page)) {
              await cache.put("/unlock", page);
              openingOwner = data.owner;
            }
          } catch (_) {
            // Offline: the one kept already serves.
          }
        }
      })(),
    );
  } else if (data.type === "alongside-key?") {
    // A page of the app opening with no network: the key, while the worker
    // still holds it (the app's open pages keep it alive; see lock.js).
    reply(sealing ? { owner: sealing.owner, key: sealing.raw } : null);
  }
  // "alongside-keep": nothing to do; the message itself keeps the worker,
  // and so the key, alive while a page of the app is open.
});
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
          // A page kept in the clear by a release before sealing goes.
          if (response && (response.headers.has("x-alongside-sealed") || OPEN_PAGES.includes(url.pathname))) {
            await fresh.put(request, response);
          }
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
            if (keepable(response)) await keepPage(cache, url.pathname + url.search, response);
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
  sealing = null;
  waiting.clear();
  openingOwner = null;
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      if (!isShellAsset(new URL(request.url))) await cache.delete(request);
    }
  }
}

// Keeps a copy of a page: sealed, but the sign-in page and "Opening
// Alongside", which hold no one's data.
function keepPage(cache, address, response) {
  if (OPEN_PAGES.includes(new URL(address, self.location.origin).pathname)) return cache.put(address, response);
  return keepSealed(cache, address, response);
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
    if (keepable(response)) {
      const address = new URL(request.url).pathname + new URL(request.url).search;
      const copy = response.clone();
      event.waitUntil(request.mode === "navigate" ? keepPage(cache, address, copy) : cache.put(request, copy));
    }
    return response;
  } catch (error) {
    const kept = await cache.match(request, { ignoreVary: true });
    if (kept) {
      const url = new URL(request.url);
      const page = await openKept(kept, url.pathname + url.search);
      if (page) return page;
      const standIn = await opening(cache);
      if (standIn) return standIn;
    }
    if (fallback) {
      const page = await cache.match(fallback);
      if (page) return page;
    }
    throw error;
  }
}
