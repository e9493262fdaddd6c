import { test, expect, type BrowserContext, type Page } from "@playwright/test";
import { startServer, stopServer, waitForHealth } from "./support/serve.mjs";
import { journalEntries, keepForOffline, signIn, waitForHydration } from "./support/helpers";

// The phone's storage as the person sees it: the This phone panel on the
// home page, and a phone filled to its last note. A server of the test's
// own, so that offline is real.

/** Opens This phone on the home page and waits for its measurement. */
async function openThisPhone(page: Page) {
  await waitForHydration(page);
  const panel = page.locator("details.this-phone");
  await panel.getByText("This phone", { exact: true }).click();
  await expect(panel.getByText(/Alongside keeps .* on this phone\./)).toBeVisible({ timeout: 20_000 });
  return panel;
}

/** Outbox entries in localStorage and in the journal (IndexedDB), as stored (sealed). */
async function keptCopies(page: Page) {
  const local = await page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith("alongside.outbox."))
      .map((k) => localStorage.getItem(k) ?? ""),
  );
  // The journal also keeps what opens them (the wrapped keys, the PIN's
  // record, the device's id).
  const journal = (await journalEntries(page)).filter(([k]) => k.startsWith("alongside.outbox.")).map(([, v]) => v);
  return { local, journal };
}

function longNote(mark: string) {
  const words = `${mark}: Aisha’s week, the ward’s garden and what she’d like from leave. `;
  return words.repeat(Math.ceil(20_000 / words.length)).slice(0, 20_000);
}

/**
 * Starts a server of the test's own on `port`, signs in as the PSW, keeps
 * the home page and Aisha's page for offline (first running `atHome` on
 * the home page), then stops the server and takes the phone offline, on
 * Aisha's page. Answers the base address and the stopped server.
 */
async function offlineOnAisha(page: Page, context: BrowserContext, port: number, atHome = async () => {}) {
  const url = `http://127.0.0.1:${port}`;
  const server = startServer(port);
  try {
    await waitForHealth(url, server);
    await signIn(page, "psw", undefined, url);
    await keepForOffline(page);
    await atHome();
    await page.goto(`${url}/patients/patient-001`);
    await keepForOffline(page);
  } finally {
    await stopServer(server);
  }
  await context.setOffline(true);
  return url;
}

test("a phone filled to its last note shows as saved only what it kept, as This phone said", async ({ page, context }, testInfo) => {
  test.setTimeout(120_000);
  const port = 3600 + testInfo.parallelIndex * 10 + (testInfo.project.name === "phone" ? 1 : 2);
  const url = await offlineOnAisha(page, context, port, async () => {
    // Signed in, the app has asked the browser to keep its storage.
    await expect.poll(() => page.evaluate(() => localStorage.getItem("alongside.persist"))).toMatch(/^(granted|refused)$/);
    const panel = await openThisPhone(page);
    await expect(panel.getByText(/Room for about [\d,]+ more notes of 1,000 characters/)).toBeVisible();
    await expect(panel.getByText(/The backup copy is working/)).toBeVisible();
  });

  // Leave room for about three of the longest notes (sealed, a note of
  // 20,000 curly-quoted characters takes about 81,000).
  await page.evaluate(async () => {
    const report = await (window as any).alongsideStorage.report();
    localStorage.setItem("test.padding", "\u2019".repeat(Math.max(0, report.localRoom - 3 * 82_000)));
  });
  await page.goto(`${url}/`);
  let panel = await openThisPhone(page);
  const room = await panel.getByText(/Room for about/).innerText();
  const promised = Number(/or ([\d,]+) of 20,000/.exec(room)![1].replace(/,/g, ""));
  expect(promised, room).toBeGreaterThan(0);

  await page.goto(`${url}/patients/patient-001`);
  const saved: string[] = [];
  let refused = "";
  for (let i = 0; i < promised + 40 && !refused; i++) {
    const note = longNote(`Fill ${i}`);
    await page.getByLabel("Note", { exact: true }).fill(note);
    await page.getByRole("button", { name: "Save session" }).click();
    const card = page.getByRole("listitem").filter({ hasText: `Fill ${i}:` });
    const full = page.getByText(/storage is full/);
    await expect(card.or(full).first()).toBeVisible();
    if (await full.isVisible()) {
      refused = note;
    } else {
      await expect(card.getByText("On this phone only")).toBeVisible();
      saved.push(note);
    }
  }
  expect(refused, "the phone filled up").not.toBe("");
  expect(saved.length, "at least as many long notes fitted as This phone said").toBeGreaterThanOrEqual(promised);
  // The refused note is still on the screen, and nowhere shown as kept.
  await expect(page.getByText("This phone's storage is full, so this was not saved. Your text is still on the screen")).toBeVisible();
  await expect(page.getByLabel("Note", { exact: true })).toHaveValue(refused);
  await expect(page.getByRole("listitem").filter({ hasText: refused.slice(0, 12) })).toHaveCount(0);
  // Everything shown as saved is in both copies, and the refused one in
  // neither: one entry each per saved note, every one sealed.
  const copies = await keptCopies(page);
  expect(copies.local).toHaveLength(saved.length);
  expect(copies.journal).toHaveLength(saved.length);
  expect(copies.local.concat(copies.journal).filter((e) => !e.startsWith("sealed1."))).toEqual([]);

  await page.goto(`${url}/`);
  panel = await openThisPhone(page);
  await expect(panel.getByText(/or 0 of 20,000|This phone is full: a new note would not be saved/)).toBeVisible();
  await expect(panel.getByText(new RegExp(`${saved.length} of your records are on this phone only`))).toBeVisible();
});

test("the journal is what brings back a note the browser's storage lost; without it the note is gone", async ({ page, context }, testInfo) => {
  const port = 3605 + testInfo.parallelIndex * 10 + (testInfo.project.name === "phone" ? 1 : 2);
  const url = await offlineOnAisha(page, context, port);

  const mark = `Journal ${testInfo.project.name} ${Date.now()}`;
  for (const which of ["kept", "lost"]) {
    await page.getByLabel("Note", { exact: true }).fill(`${mark} ${which}: Aisha planned a call home.`);
    await page.getByRole("button", { name: "Save session" }).click();
    await expect(page.getByRole("listitem").filter({ hasText: `${mark} ${which}:` }).getByText("On this phone only")).toBeVisible();
  }
  // On a page of the app's origin with no app on it (the offline page),
  // the browser loses both notes' localStorage copies, as when it dies
  // before writing them out, and the second loses its journal entry too.
  const raw = await context.newPage();
  await raw.goto(`${url}/nowhere-${Date.now()}`);
  await expect(raw.getByRole("heading", { name: "This page is not saved on this device" })).toBeVisible();
  // The entries are sealed, so they are told apart by their keys: op ids
  // are ordered by time, and "kept" was saved first.
  const lost = await raw.evaluate(() => {
    const keys = Object.keys(localStorage)
      .filter((k) => k.startsWith("alongside.outbox."))
      .sort();
    keys.forEach((k) => localStorage.removeItem(k));
    return { keys, noJournal: keys.slice(1) };
  });
  expect(lost.keys).toHaveLength(2);
  const journal = await journalEntries(raw, lost.noJournal);
  expect(journal.filter(([k]) => k.startsWith("alongside.outbox.")).map(([k]) => k)).toEqual(lost.keys.slice(0, 1));
  await raw.close();

  // The app starts again: the journal brings back the first note only.
  await page.reload();
  await expect(page.getByRole("listitem").filter({ hasText: `${mark} kept:` }).getByText("On this phone only")).toBeVisible();
  await expect(page.getByText(`${mark} lost:`)).toHaveCount(0);
  await page.goto(`${url}/`);
  const panel = await openThisPhone(page);
  await expect(panel.getByText("Since you signed in, Alongside has brought back 1 record from the backup copy that the browser had lost.")).toBeVisible();
});

test("a note refused for want of room stays refused on the form when the note saved just before it is safe", async ({ page, context }, testInfo) => {
  test.setTimeout(120_000);
  const port = 3608 + testInfo.parallelIndex * 10 + (testInfo.project.name === "phone" ? 1 : 2);
  await offlineOnAisha(page, context, port);
  await waitForHydration(page);
  // Room for a few of the longest notes, then saves in one moment (a
  // quick second tap) until the phone refuses one: the refusal comes
  // while the note before it is still being written to the journal.
  const outcome = await page.evaluate(async () => {
    const report = await (window as any).alongsideStorage.report();
    localStorage.setItem("test.padding", "\u2019".repeat(Math.max(0, report.localRoom - 3 * 82_000)));
    const field = document.getElementById("note") as HTMLTextAreaElement;
    const outbox = () => Object.keys(localStorage).filter((k) => k.startsWith("alongside.outbox.")).length;
    const before = outbox();
    for (let i = 0; i < 200; i++) {
      const had = outbox();
      const words = `Quick ${i}: Aisha’s week, the ward’s garden and what she’d like from leave. `;
      field.value = words.repeat(Math.ceil(20_000 / words.length)).slice(0, 20_000);
      field.form!.requestSubmit();
      if (outbox() === had) return { kept: had - before, refused: field.value };
    }
    return { kept: outbox() - before, refused: "" };
  });
  expect(outcome.refused, "the phone filled up").not.toBe("");
  expect(outcome.kept, "the refusal came right after a save").toBeGreaterThan(0);

  // Once the last kept note is on disk, the form still says why the
  // refused one was not saved (it used to say "Saved on this phone").
  const last = page.getByRole("listitem").filter({ hasText: `Quick ${outcome.kept - 1}:` });
  await expect(last.getByText("On this phone only")).toBeVisible();
  const status = page.locator("#record-title ~ form [role=status]");
  await expect(status).toContainText("This phone's storage is full, so this was not saved.");
  await expect(status).not.toContainText("Saved on this phone");
  await expect(page.getByLabel("Note", { exact: true })).toHaveValue(outcome.refused);
});
