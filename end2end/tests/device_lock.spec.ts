import { test, expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { startServer, stopServer, waitForHealth } from "./support/serve.mjs";
import { expectNoAccessibilityViolations, keepForOffline, signIn, TEST_PIN, waitForHydration, waitForLockScreens } from "./support/helpers";

// A server of this test's own that locks the app after 3 seconds unused.
async function withQuickLock(testInfo: { parallelIndex: number; project: { name: string } }, slot: number) {
  const port = 3300 + testInfo.parallelIndex * 10 + slot * 2 + (testInfo.project.name === "phone" ? 1 : 2);
  const url = `http://127.0.0.1:${port}`;
  const server = startServer(port, { ALONGSIDE_DEVICE_LOCK_SECONDS: "3" });
  await waitForHealth(url, server);
  return { url, server };
}

function lockDialog(page: Page) {
  return page.getByRole("dialog", { name: "Alongside is locked" });
}

async function enterPin(page: Page, pin: string) {
  await lockDialog(page).getByLabel("PIN", { exact: true }).fill(pin);
  await lockDialog(page).getByRole("button", { name: "Unlock" }).click();
}

/** Opens `path` in a browser with no JavaScript that holds the same cookies
 * as `context` (less `without`), as someone reading a locked phone would,
 * and answers everything that came back. */
async function readWithoutScript(browser: Browser, context: BrowserContext, url: string, path: string, without: string[] = []) {
  const bare = await browser.newContext({ javaScriptEnabled: false, serviceWorkers: "block" });
  await bare.addCookies((await context.cookies()).filter((c) => !without.includes(c.name)));
  const page = await bare.newPage();
  await page.goto(`${url}${path}`);
  // The whole document as it arrived, streamed parts (in templates a script
  // would move into place) included.
  const html = await page.content();
  await bare.close();
  return html;
}

test("left alone, the app locks, hides the caseload and unlocks with the PIN while offline", async ({ page, context, browser }, testInfo) => {
  const { url, server } = await withQuickLock(testInfo, 0);
  try {
    await signIn(page, "psw", undefined, url);
    const caseload = page.getByRole("heading", { name: "Today's caseload" });
    await expect(caseload).toBeVisible();

    await expect(lockDialog(page)).toBeVisible({ timeout: 10_000 });
    await expect(caseload).toBeHidden();
    await expect(page.getByRole("link", { name: "Aisha" })).toBeHidden();
    await page.screenshot({ path: `screenshots/${testInfo.project.name}/device-locked.png`, fullPage: true });
    await expectNoAccessibilityViolations(page);

    // The server holds the lock too: the phone's cookies, read without
    // JavaScript, bring no one's record, even once the lock's own cookie is
    // dropped.
    await expect.poll(() => context.cookies().then((all) => all.map((c) => c.name))).toContain("alongside_lock");
    for (const without of [[], ["alongside_lock"]]) {
      for (const path of ["/", "/patients/patient-001"]) {
        const text = await readWithoutScript(browser, context, url, path, without);
        expect(text).toContain("This phone is locked. Enter your PIN on it to carry on.");
        expect(text).not.toContain("Aisha");
      }
    }

    // Still locked after a reload: the page is hidden before it is drawn.
    await page.reload();
    await waitForLockScreens(page);
    await expect(lockDialog(page)).toBeVisible();
    await expect(caseload).toBeHidden();

    await context.setOffline(true);
    await enterPin(page, "1357");
    await expect(lockDialog(page).getByRole("alert")).toHaveText("That PIN is not right. 4 tries left.");
    await enterPin(page, TEST_PIN);
    await expect(lockDialog(page)).toBeHidden();
    await expect(caseload).toBeVisible();
    await expect(page.getByRole("region", { name: /Willow Ward/ }).getByRole("link", { name: "Aisha" })).toBeVisible();
    await context.setOffline(false);
    // Back online, the proof the PIN made reaches the server with the next
    // request, and the phone's pages are its own again.
    await page.reload();
    await expect(page.getByRole("region", { name: /Willow Ward/ }).getByRole("link", { name: "Aisha" })).toBeVisible();
    expect(await readWithoutScript(browser, context, url, "/patients/patient-001")).toContain("Aisha");
  } finally {
    server.kill("SIGTERM");
  }
});

test("five wrong PINs sign out and leave nothing of the session on the device", async ({ page }, testInfo) => {
  const { url, server } = await withQuickLock(testInfo, 1);
  try {
    await signIn(page, "psw", undefined, url);
    await expect(page.getByRole("heading", { name: "Today's caseload" })).toBeVisible();
    await expect(lockDialog(page)).toBeVisible({ timeout: 10_000 });
    for (const left of [4, 3, 2]) {
      await enterPin(page, "1357");
      await expect(lockDialog(page).getByRole("alert")).toHaveText(`That PIN is not right. ${left} tries left.`);
    }
    await enterPin(page, "1357");
    await expect(lockDialog(page).getByRole("alert")).toContainText("One try left");
    await enterPin(page, "1357");

    await expect(page).toHaveURL(/\/login\?error=locked-out/);
    await expect(page.getByRole("status").filter({ hasText: "The PIN was wrong 5 times" })).toBeVisible();
    const left = await page.evaluate(async () => {
      const pages: string[] = [];
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) pages.push(new URL(request.url).pathname);
      }
      return { storage: Object.keys(localStorage), pages };
    });
    // Nothing but records not yet sent (and the wrap of the key they are
    // sealed under) may stay.
    const stays = (k: string) => k.startsWith("alongside.outbox.") || k.startsWith("alongside.vault.") || k === "alongside.device";
    expect(left.storage.filter((k) => k.startsWith("alongside.") && !stays(k))).toEqual([]);
    // The service worker may keep the sign-in page it just served; no page
    // with patient data is left.
    expect(left.pages.filter((p) => p === "/" || p.startsWith("/patients"))).toEqual([]);
    // The session is over on the server too.
    await page.goto(`${url}/`);
    await expect(page).toHaveURL(/\/login/);
  } finally {
    server.kill("SIGTERM");
  }
});

test("the PIN must be 4 to 8 numbers and not easy to guess", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Username").fill("nurse");
  await page.getByLabel("Password").fill("walk-alongside-2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  const dialog = page.getByRole("dialog", { name: "Choose a PIN for this device" });
  await expect(dialog).toBeVisible();
  await waitForHydration(page);
  await expectNoAccessibilityViolations(page);
  await dialog.getByLabel("PIN", { exact: true }).fill("1234");
  await dialog.getByLabel("PIN again").fill("1234");
  await dialog.getByRole("button", { name: "Save PIN" }).click();
  await expect(dialog.getByRole("alert")).toContainText("harder to guess");
  await dialog.getByLabel("PIN", { exact: true }).fill("2580");
  await dialog.getByLabel("PIN again").fill("2581");
  await dialog.getByRole("button", { name: "Save PIN" }).click();
  await expect(dialog.getByRole("alert")).toContainText("not the same");
  await expect(page.getByRole("heading", { name: "Today's caseload" })).toBeHidden();
});

test("offline, five wrong PINs cover the phone, keep the unsent note, end the session once back online, and the note syncs after signing in again", async ({ page }, testInfo) => {
  const port = 3700 + testInfo.parallelIndex * 10 + (testInfo.project.name === "phone" ? 1 : 2);
  const url = `http://127.0.0.1:${port}`;
  let server = startServer(port);
  try {
    await waitForHealth(url, server);
    await signIn(page, "psw", undefined, url);
    await page.goto(`${url}/patients/patient-001`);
    await keepForOffline(page);
    await stopServer(server);
    await page.context().setOffline(true);
    const note = "Aisha wants to join the walking group.";
    await page.getByLabel("Note", { exact: true }).fill(note);
    await page.getByRole("button", { name: "Save session" }).click();
    await expect(page.getByText("Saved on this phone.")).toBeVisible();

    // Another tab locked the app.
    await page.evaluate(() => localStorage.setItem("alongside.locked", "1"));
    await page.reload();
    await expect(lockDialog(page)).toBeVisible();
    for (const left of [4, 3, 2]) {
      await enterPin(page, "1357");
      await expect(lockDialog(page).getByRole("alert")).toHaveText(`That PIN is not right. ${left} tries left.`);
    }
    await enterPin(page, "1357");
    await expect(lockDialog(page).getByRole("alert")).toContainText("One try left");
    await enterPin(page, "1357");

    // No network, so the server still holds the session: the phone stays
    // covered by a plain notice (not a browser error), with nothing of the
    // patient on it, even after a reload.
    const notice = page.getByRole("alert").filter({ hasText: "Signed out on this phone" });
    await expect(notice).toBeVisible();
    await expect(notice).toContainText("kept, hidden, until you sign in again");
    await expect(page.getByRole("heading", { name: /Aisha/ })).toBeHidden();
    await expect(lockDialog(page)).toBeHidden();
    await page.screenshot({ path: `screenshots/${testInfo.project.name}/locked-out-offline.png`, fullPage: true });
    await expectNoAccessibilityViolations(page);
    await page.reload();
    await expect(notice).toBeVisible();
    await expect(page.getByText(note)).toBeHidden();
    const left = await page.evaluate(async () => {
      const pages: string[] = [];
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) pages.push(new URL(request.url).pathname);
      }
      const storage = Object.keys(localStorage)
        .filter((k) => k.startsWith("alongside."))
        .map((k) => [k, localStorage.getItem(k) ?? ""]);
      return { storage, pages };
    });
    // Only the unsent note (sealed, with the wrap of its key that the
    // server's key opens, and the device's id that names it) and the
    // unfinished sign-out are left.
    expect(left.storage.map(([k]) => k.split(".")[1]).sort()).toEqual(["device", "ending", "outbox", "vault"]);
    expect(left.storage.filter(([, value]) => value.includes(note))).toEqual([]);
    // No copy of a page with patient data; the app shell stays for offline use.
    expect(left.pages.filter((p) => p === "/" || p.startsWith("/patients"))).toEqual([]);
    expect(left.pages).toContain("/offline.html");

    // Back online: the phone ends the session on the server by itself.
    server = startServer(port, {}, server.dir);
    await waitForHealth(url, server);
    await page.context().setOffline(false);
    await expect(page).toHaveURL(/\/login\?error=locked-out/, { timeout: 20_000 });
    await expect(page.getByRole("status").filter({ hasText: "The PIN was wrong 5 times" })).toBeVisible();
    await page.goto(`${url}/patients/patient-001`);
    await expect(page).toHaveURL(/\/login/);

    // The same person signs in with their password; the note reaches the server.
    await signIn(page, "psw", undefined, url);
    await page.goto(`${url}/patients/patient-001`);
    const card = page.getByRole("listitem").filter({ hasText: note });
    await expect(card.getByText("Saved to server")).toBeVisible({ timeout: 30_000 });
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("alongside.outbox.")))).toEqual([]);
  } finally {
    await stopServer(server);
  }
});
