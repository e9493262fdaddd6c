import { test, expect, type Page } from "@playwright/test";
import { expectNoAccessibilityViolations, signIn, waitForHydration } from "./support/helpers";

test("a peer support worker signs in and sees today's caseload by ward", async ({ page }) => {
  await signIn(page, "psw");
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1, name: "Today's caseload" })).toBeVisible();
  await expect(page.getByText("14 people across 2 wards.")).toBeVisible();

  const willow = page.getByRole("region", { name: /Willow Ward/ });
  await expect(willow.getByRole("listitem")).toHaveCount(7);
  await expect(willow.getByRole("link", { name: "Aisha" })).toBeVisible();
  await expect(page.getByRole("region", { name: /Rowan Ward/ })).toBeVisible();
  // psw2's wards never reach psw's phone.
  await expect(page.getByRole("region", { name: /Kestrel Ward/ })).toHaveCount(0);
  await expect(page.getByText("Sam Okafor", { exact: true })).toBeVisible();
  await waitForHydration(page);
  await expectNoAccessibilityViolations(page);
});

test("the caseload fits a 320 px screen without sideways scrolling", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await signIn(page, "psw");
  await expect(page.getByRole("heading", { name: "Today's caseload" })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test("signing out returns to the sign-in page and the caseload is closed", async ({ page }) => {
  await signIn(page, "psw");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("status").filter({ hasText: "You have signed out." })).toBeVisible();
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
});

test("signing out leaves no patient data in the browser's storage or caches", async ({ page }) => {
  await signIn(page, "psw");
  await waitForHydration(page);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await expect.poll(() => page.evaluate(async () => Boolean(await caches.match("/"))), { timeout: 30_000 }).toBe(true);
  await page.evaluate(() => localStorage.setItem("alongside-test", "something kept on the device"));

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You have signed out.")).toBeVisible();

  expect(await page.evaluate(() => localStorage.length)).toBe(0);
  expect(await page.evaluate(async () => Boolean(await caches.match("/")))).toBe(false);
});

/** The paths of every page the service worker keeps. */
async function keptPages(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const pages: string[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) pages.push(new URL(request.url).pathname);
    }
    return pages;
  });
}

const withPatientData = (pages: string[]) => pages.filter((p) => p === "/" || p.startsWith("/patients"));

// A sign-in that ends without signing out (left idle, ended elsewhere)
// leaves no page with patient data kept, whichever way the phone learns it.
for (const learnt of ["the sync is refused", "a page is answered with the sign-in page"]) {
  test(`a sign-in that ends without signing out leaves no page with patient data kept: ${learnt}`, async ({ page }) => {
    await signIn(page, "psw");
    await waitForHydration(page);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await page.goto("/patients/patient-001");
    await waitForHydration(page);
    await expect.poll(async () => withPatientData(await keptPages(page)).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);

    // The server forgets the sign-in (as the idle timeout does).
    await page.context().clearCookies();
    if (learnt === "the sync is refused") {
      await page.evaluate(() => window.dispatchEvent(new Event("online")));
      await expect(page.getByRole("status").filter({ hasText: "Your sign-in has ended." })).toBeVisible();
    } else {
      await page.goto("/");
      await expect(page).toHaveURL(/\/login/);
    }
    await expect.poll(async () => withPatientData(await keptPages(page)), { timeout: 15_000 }).toEqual([]);
    // The app still opens offline, to sign in.
    expect(await keptPages(page)).toContain("/pkg/alongside.wasm");
  });
}
