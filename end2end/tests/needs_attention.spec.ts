import { test, expect, type Page } from "@playwright/test";
import { choosePin, DEMO_PASSWORD, expectNoAccessibilityViolations, openAisha, sessionCard, signIn, waitForLockScreens } from "./support/helpers";

// A refused record is never a dead end: it is listed under Needs attention
// on the home page with the reason and its text to copy out, it can be sent
// again once what stopped it is put right, and no sign-out hides or wipes
// it without the person choosing.

const HOUR = 60 * 60 * 1000;
/** Told apart from the same test run again on the same server. */
const run = () => Date.now().toString(36);

async function recordNote(page: Page, note: string) {
  await page.getByLabel("Note", { exact: true }).fill(note);
  await page.getByRole("button", { name: "Save session" }).click();
}

test("notes from a phone three hours fast are refused, listed with the text to copy, counted at sign-out, and go with one tap once the clock is right", async ({ page, context }, testInfo) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  // The phone's clock runs three hours ahead of the server's from the start.
  await page.clock.install({ time: new Date(Date.now() + 3 * HOUR) });
  await signIn(page, "psw");
  await openAisha(page);

  await context.setOffline(true);
  const id = run();
  const notes = [1, 2, 3, 4].map((n) => `Fast clock note ${n}: talked about the garden (${testInfo.project.name}, ${id}).`);
  for (const note of notes) {
    await recordNote(page, note);
    await expect(sessionCard(page, note).getByText("On this phone only")).toBeVisible();
  }
  await context.setOffline(false);
  for (const note of notes) {
    await expect(sessionCard(page, note).getByText("Needs attention")).toBeVisible({ timeout: 30_000 });
  }

  await page.goto("/");
  const attention = page.getByRole("region", { name: "Needs attention" });
  await expect(attention).toContainText("4 records the server refused are only on this phone.");
  const items = attention.getByRole("listitem");
  await expect(items).toHaveCount(4);
  const first = items.filter({ hasText: notes[0] });
  await expect(first).toContainText("Contact: Aisha");
  await expect(first).toContainText("clock is more than 10 minutes ahead");
  await expect(first).toContainText("about 3 hours fast");
  await page.screenshot({ path: `screenshots/${testInfo.project.name}/needs-attention.png`, fullPage: true });
  await expectNoAccessibilityViolations(page);

  // The words can always be copied out.
  await first.getByRole("button", { name: "Copy the text" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Copied the text." })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain(`Note: ${notes[0]}`);

  // Sign-out counts them and asks, rather than hiding them.
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page.locator(".sign-out__notice")).toContainText("4 records the server refused are only on this phone");
  await expect(page.getByRole("button", { name: "Sign out and keep them on this phone" })).toBeVisible();
  await expect(page).toHaveURL(/\/$/);

  // The clock is put right: each goes again with one tap, as the same record.
  await page.clock.setSystemTime(new Date());
  for (let left = 4; left > 0; left -= 1) {
    await items.first().getByRole("button", { name: "Send again" }).click();
    await expect(items).toHaveCount(left - 1);
  }
  await expect(page.getByRole("status").filter({ hasText: "Sent again" })).toBeVisible();
  await expect(attention).toBeHidden();

  await page.goto("/patients/patient-001");
  for (const note of notes) {
    const card = sessionCard(page, note);
    await expect(card).toHaveCount(1);
    await expect(card.getByText("Saved to server")).toBeVisible({ timeout: 30_000 });
  }
  const after = `After the clock was put right (${testInfo.project.name}, ${id}).`;
  await recordNote(page, after);
  await expect(sessionCard(page, after).getByText("Saved to server")).toBeVisible({ timeout: 30_000 });
});

test("signing out from the lock screen keeps a note not yet sent, and it goes once its author signs in again", async ({ page }, testInfo) => {
  await signIn(page, "psw");
  await openAisha(page);
  // The server cannot be reached for sync just now; signing out still can.
  await page.route("**/api/sync", (route) => route.abort("internetdisconnected"));
  const note = `Written just before the phone locked (${testInfo.project.name}, ${run()}).`;
  await recordNote(page, note);
  await expect(sessionCard(page, note).getByText("On this phone only")).toBeVisible();

  await page.evaluate(() => localStorage.setItem("alongside.locked", "1"));
  await page.reload();
  await waitForLockScreens(page);
  const locked = page.getByRole("dialog", { name: "Alongside is locked" });
  await expect(locked).toBeVisible();
  await locked.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);

  const kept = await page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith("alongside."))
      .map((k) => [k.split(".")[1], localStorage.getItem(k) ?? ""]),
  );
  // The unsent note stays for its author, sealed, with the wrap of its key
  // and the device's id, which their next sign-in here opens it with.
  expect(kept.map(([kind]) => kind).sort()).toEqual(["device", "outbox", "vault"]);
  expect(kept.find(([kind]) => kind === "outbox")?.[1]).toMatch(/^sealed1\./);
  expect(kept.filter(([, value]) => value.includes(note))).toEqual([]);

  await page.unroute("**/api/sync");
  await page.getByLabel("Username").fill("psw");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await choosePin(page);
  await page.goto("/patients/patient-001");
  await expect(sessionCard(page, note).getByText("Saved to server")).toBeVisible({ timeout: 30_000 });
});
