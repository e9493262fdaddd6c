import { test, expect } from "@playwright/test";
import { startServer, stopServer, waitForHealth } from "./support/serve.mjs";
import {
  expectNoAccessibilityViolations,
  journalEntries,
  keepForOffline,
  revealKept,
  signIn,
  unlockOffline,
  waitForHydration,
} from "./support/helpers";

// What the phone keeps about people is sealed (AES-256-GCM) under a data key
// that is itself kept only wrapped: under a key the server hands the live
// session, and under a key the PIN makes. A copy of the browser's storage
// holds no word of a note, nor do the service worker's copies of pages;
// offline, the key comes from the service worker while the app keeps it
// alive, and once the browser has stopped it, from the PIN.

/** Every value Alongside keeps in localStorage and in the outbox journal, as stored. */
async function storedAsIs(page: import("@playwright/test").Page) {
  const local = await page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith("alongside."))
      .map((k) => [k, localStorage.getItem(k) ?? ""] as [string, string]),
  );
  return [...local, ...(await journalEntries(page))];
}

/** Every page the service worker keeps (not the app's own files), with its body as kept. */
async function keptPages(page: import("@playwright/test").Page): Promise<[string, string][]> {
  return page.evaluate(async () => {
    const out: [string, string][] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const path = new URL(request.url).pathname;
        if (path.startsWith("/pkg/") || path.startsWith("/icons/") || /\.(js|json)$/.test(path)) continue;
        const response = await cache.match(request);
        out.push([path, new TextDecoder("utf-8", { fatal: false }).decode(await response!.arrayBuffer())]);
      }
    }
    return out;
  });
}

test("a note and a draft written offline are kept sealed, and the PIN opens them again", async ({ page, context }, testInfo) => {
  test.setTimeout(120_000);
  const port = 3960 + testInfo.parallelIndex * 10 + (testInfo.project.name === "phone" ? 1 : 2);
  const url = `http://127.0.0.1:${port}`;
  let server = startServer(port);
  const note = `Aisha talked about her allotment and the runner beans (${testInfo.project.name}).`;
  const draft = `Half-written: she wants to ring her cousin in Whitby (${testInfo.project.name}).`;
  try {
    await waitForHealth(url, server);
    await signIn(page, "psw", undefined, url);
    await page.goto(`${url}/patients/patient-001`);
    await keepForOffline(page);

    // No signal at the bedside: a note saved, another started.
    await stopServer(server);
    await context.setOffline(true);
    await page.getByLabel("Note", { exact: true }).fill(note);
    await page.getByRole("button", { name: "Save session" }).click();
    await expect(page.getByText("Saved on this phone.")).toBeVisible();
    await page.getByLabel("Note", { exact: true }).fill(draft);
    await expect
      .poll(async () => (await storedAsIs(page)).filter(([k]) => k.startsWith("alongside.draft.")).length)
      .toBe(1);

    // Anyone copying the browser's storage finds them sealed, and the data
    // key only wrapped.
    const stored = await storedAsIs(page);
    expect(stored.filter(([, value]) => value.includes("allotment") || value.includes("Whitby"))).toEqual([]);
    const sealed = stored.filter(([k]) => /^alongside\.(outbox|rec|draft)\./.test(k));
    expect(sealed.length).toBeGreaterThan(2);
    expect(sealed.filter(([, value]) => !value.startsWith("sealed1.staff-psw."))).toEqual([]);
    expect(stored.map(([k]) => k)).toEqual(expect.arrayContaining(["alongside.vault.staff-psw.server", "alongside.vault.staff-psw.pin"]));

    // Opened afresh with no network while the app's open pages keep the
    // service worker (and with it the key) alive: the page takes the key
    // from the worker, shows the note and puts the draft back.
    await page.reload();
    await waitForHydration(page);
    await expect(page.getByRole("dialog", { name: "Alongside is locked" })).toBeHidden();
    const card = page.getByRole("listitem").filter({ hasText: note });
    await expect(card.getByText("On this phone only")).toBeVisible();
    await expect(page.getByLabel("Note", { exact: true })).toHaveValue(draft);
    await expectNoAccessibilityViolations(page);
    await page.screenshot({ path: `screenshots/${testInfo.project.name}/sealed-offline-unlocked.png`, fullPage: true });

    // Back online, it reaches the server; what the phone keeps of it opens
    // with the browser's own AES-GCM and the key the server hands this
    // session (not the app's code).
    server = startServer(port, {}, server.dir);
    await waitForHealth(url, server);
    await context.setOffline(false);
    await expect(card.getByText("Saved to server")).toBeVisible({ timeout: 30_000 });
    const opened = await revealKept(page);
    expect(Object.entries(opened).filter(([k, v]) => k.startsWith("alongside.rec.") && v.includes(note)).length).toBe(1);
    expect(Object.values(opened).filter((v) => v === "(sealed)")).toEqual([]);

    // The service worker's copies of pages are sealed too: the patient's
    // page is kept, and no copy holds her name or the note in the clear.
    await keepForOffline(page);
    const kept = await keptPages(page);
    expect(kept.map(([path]) => path)).toContain("/patients/patient-001");
    expect(kept.filter(([, body]) => body.includes("allotment") || body.includes("Aisha"))).toEqual([]);

    // Browsers stop a service worker left idle, and with it goes the key:
    // offline, "Opening Alongside" stands in for the kept page and asks for
    // the PIN once, then the page opens with the note.
    const cdp = await context.newCDPSession(page);
    await cdp.send("ServiceWorker.enable");
    await cdp.send("ServiceWorker.stopAllWorkers");
    await stopServer(server);
    await context.setOffline(true);
    await page.reload();
    await expect(page).toHaveTitle("Opening Alongside");
    await page.screenshot({ path: `screenshots/${testInfo.project.name}/sealed-opening.png`, fullPage: true });
    await unlockOffline(page);
    await expect(page.getByRole("heading", { level: 1, name: /Aisha/ })).toBeVisible();
    await expect(card.getByText("Saved to server")).toBeVisible();
    await expect(page.getByLabel("Note", { exact: true })).toHaveValue(draft);
    await expect(page.getByRole("dialog", { name: "Alongside is locked" })).toBeHidden();
  } finally {
    await stopServer(server);
  }
});
