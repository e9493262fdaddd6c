import { test, expect, chromium, type Browser } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromiumArgs, chromiumPath } from "./support/chromium.mjs";
import { startServer, stopServer, waitForHealth } from "./support/serve.mjs";
import { journalEntries, keepForOffline, signIn, unlockOffline, waitForHydration } from "./support/helpers";

// Chromium writes localStorage to disk only seconds after a change, so a
// phone that dies just after Save would lose the note if localStorage were
// all there is. The app says "Saved on this phone" only once the note's
// IndexedDB journal write has completed. These tests kill every process of
// the browser at once (as a phone dying does) within milliseconds of that
// message, start it again on the same profile, and look for the note. (A
// control with the journal's writes made to do nothing lost the note on one
// run and kept it on another: how soon Chromium writes localStorage out is
// not fixed, which is why the journal is there. So the test reads both
// stores before the app starts: the journal must have the note. The
// control that always tells is in this_phone.spec.ts: a note whose
// localStorage copy is lost comes back from the journal, and without its
// journal entry it is gone.)

async function launch(profile: string, port: number): Promise<{ process: ChildProcess; browser: Browser }> {
  const child = spawn(
    chromiumPath,
    [...chromiumArgs, `--user-data-dir=${profile}`, `--remote-debugging-port=${port}`, "--window-size=360,740", "about:blank"],
    { stdio: "ignore", detached: true },
  );
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    try {
      const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
      return { process: child, browser };
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  killAll(child);
  throw new Error("Chromium did not start");
}

/** SIGKILL to the browser and every process it started, at once. */
function killAll(child: ChildProcess) {
  try {
    process.kill(-child.pid!, "SIGKILL");
  } catch {
    child.kill("SIGKILL");
  }
}

/**
 * Saves a note offline, kills the browser within milliseconds of "Saved on
 * this phone", starts it again and answers what it finds: whether the note
 * is on the page, and in the phone's outbox.
 */
async function saveAndDie(
  testInfo: { parallelIndex: number; project: { name: string }; annotations: { type: string; description?: string }[] },
  offset: number,
  note: string,
) {
  const port = 3400 + offset * 50 + testInfo.parallelIndex * 10 + (testInfo.project.name === "phone" ? 1 : 2);
  const debugPort = port + 100;
  const url = `http://127.0.0.1:${port}`;
  const profile = mkdtempSync(join(tmpdir(), "alongside-profile-"));
  let server = startServer(port);
  let first: Awaited<ReturnType<typeof launch>> | null = null;
  let second: Awaited<ReturnType<typeof launch>> | null = null;
  try {
    await waitForHealth(url, server);
    first = await launch(profile, debugPort);
    const page = await first.browser.contexts()[0].newPage();
    await signIn(page, "psw", undefined, url);
    await page.goto(`${url}/patients/patient-001`);
    await keepForOffline(page);

    await stopServer(server);
    await page.getByLabel("Note", { exact: true }).fill(note);
    await page.getByRole("button", { name: "Save session" }).click();
    await expect(page.getByText("Saved on this phone.")).toBeVisible();
    killAll(first.process);
    await new Promise((resolve) => first!.process.once("exit", resolve));
    first = null;

    second = await launch(profile, debugPort);
    const again = await second.browser.contexts()[0].newPage();
    // First a page of the app's with no app on it (the offline page, the
    // server being down), to read what the browser kept before the app's
    // start reads the journal back: the journal always has the note, since
    // "Saved" waited for it; localStorage may or may not.
    const raw = await second.browser.contexts()[0].newPage();
    await raw.goto(`${url}/nowhere-${Date.now()}`);
    await expect(raw.getByRole("heading", { name: "This page is not saved on this device" })).toBeVisible();
    const local = await raw.evaluate(() =>
      Object.keys(localStorage)
        .filter((k) => k.startsWith("alongside.outbox."))
        .map((k) => localStorage.getItem(k) ?? ""),
    );
    const journal = (await journalEntries(raw)).filter(([k]) => k.startsWith("alongside.outbox."));
    await raw.close();
    expect(journal.length, "the journal had the note when the browser died").toBe(1);
    // Sealed wherever it is kept: a copy of the profile holds no word of it.
    expect([...local, ...journal.map(([, v]) => v)].filter((v) => v.includes(note))).toEqual([]);
    testInfo.annotations.push({ type: "localStorage", description: local.length ? "had the note too" : "had lost the note" });
    await again.goto(`${url}/patients/patient-001`);
    // The journal is read back when the app starts, with the PIN's record and
    // the wrapped key the note is sealed under; the server being down, the
    // PIN opens it.
    await unlockOffline(again);
    await waitForHydration(again);
    const card = again.getByRole("listitem").filter({ hasText: note });
    const kept = await card
      .getByText("On this phone only")
      .waitFor({ timeout: 10_000 })
      .then(() => true)
      .catch(() => false);
    if (kept) {
      // Back online and signed in again, it reaches the server.
      server = startServer(port, {}, server.dir);
      await waitForHealth(url, server);
      await signIn(again, "psw", undefined, url).catch(() => undefined);
      await again.goto(`${url}/patients/patient-001`);
      await expect(again.getByRole("listitem").filter({ hasText: note }).getByText("Saved to server")).toBeVisible({ timeout: 30_000 });
    }
    return kept;
  } finally {
    if (first) killAll(first.process);
    if (second) {
      await second.browser.close().catch(() => undefined);
      killAll(second.process);
    }
    await stopServer(server);
  }
}

test("a note saved offline survives the browser being killed the moment it says saved", async ({}, testInfo) => {
  const kept = await saveAndDie(testInfo, 0, "Aisha asked for help phoning her sister.");
  expect(kept, "the journal brought the note back").toBe(true);
});
