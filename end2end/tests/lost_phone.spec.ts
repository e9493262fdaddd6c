import { test, expect, type Page } from "@playwright/test";
import { expectNoAccessibilityViolations, keepForOffline, signIn, waitForHydration } from "./support/helpers";

// Report a lost phone: the manager, in the office, reports the PSW's phone
// lost; the phone, still open on the caseload, is signed out and wipes
// everything Alongside kept on it the next time it reaches the server.

/** What Alongside keeps on the page's browser: storage keys, kept pages, the journal. */
async function keptOnPhone(page: Page) {
  return page.evaluate(async () => ({
    keys: Object.keys(localStorage).filter((k) => k.startsWith("alongside.")),
    pages: (await Promise.all((await caches.keys()).map(async (n) => (await caches.open(n)).keys()))).flat().length,
    journal: (await indexedDB.databases()).some((d) => d.name === "alongside-journal"),
  }));
}

test("a phone reported lost by the manager is signed out and wipes itself when it next connects", async ({ page, context, browser }, testInfo) => {
  await signIn(page, "psw");
  await expect(page.getByRole("heading", { name: "Today's caseload" })).toBeVisible();
  await keepForOffline(page);
  const phoneId = await page.evaluate(() => localStorage.getItem("alongside.device"));
  expect(phoneId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  const before = await keptOnPhone(page);
  expect(before.keys.length).toBeGreaterThan(3);
  expect(before.pages).toBeGreaterThan(0);

  // In the office, the manager finds the phone by who used it and reports it.
  const office = await browser.newContext({ viewport: { width: 800, height: 1280 } });
  const manager = await office.newPage();
  await signIn(manager, "manager");
  await manager.getByRole("link", { name: "Phones and tablets" }).click();
  await expect(manager.getByRole("heading", { level: 1, name: "Phones and tablets" })).toBeVisible();
  await waitForHydration(manager);
  const card = manager.locator(`li[data-device="${phoneId}"]`);
  await expect(card.getByRole("heading", { name: /^Chrome on .* used by Sam Okafor$/ })).toBeVisible();
  await card.getByText("Report lost", { exact: true }).click();
  await expect(card.getByText(/including notes it has not sent yet/)).toBeVisible();
  await expectNoAccessibilityViolations(manager);
  await card.getByRole("button", { name: "Report this phone lost" }).click();
  await expect(card.getByText("Reported lost by Dafydd Morgan", { exact: false })).toBeVisible();
  await expect(card.getByText("It wipes itself the next time it reaches the network.")).toBeVisible();
  await manager.screenshot({ path: `screenshots/${testInfo.project.name}/phones-reported-lost.png`, fullPage: true });

  // The phone comes back into signal: its sync is answered "lost".
  await context.setOffline(true);
  await context.setOffline(false);
  await expect(page.getByRole("heading", { name: "This phone was reported lost" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText("Aisha")).toHaveCount(0);
  await expect.poll(() => keptOnPhone(page)).toEqual({ keys: [], pages: 0, journal: false });
  await page.screenshot({ path: `screenshots/${testInfo.project.name}/phone-reported-lost.png`, fullPage: true });
  await expectNoAccessibilityViolations(page);

  // The manager sees that it was wiped.
  await manager.reload();
  await expect(manager.locator(`li[data-device="${phoneId}"]`).getByText(/reached the server at .* and was wiped/)).toBeVisible();
  await office.close();

  // Found again, it starts afresh: a new device, signed in anew.
  await page.getByRole("link", { name: "Sign in again" }).click();
  await signIn(page, "psw");
  await expect(page.getByRole("heading", { name: "Today's caseload" })).toBeVisible();
  const newId = await page.evaluate(() => localStorage.getItem("alongside.device"));
  expect(newId).not.toBe(phoneId);
});
