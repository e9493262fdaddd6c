import { test, expect } from "@playwright/test";
import { startServer, waitForHealth } from "./support/serve.mjs";
import { signIn, waitForHydration } from "./support/helpers";

// A server of this test's own, so that "offline" is real: the server is gone,
// not just the browser told so.
test("with no network a reload still opens the caseload, with the offline banner", async ({ page, context }, testInfo) => {
  const port = 3200 + testInfo.parallelIndex * 10 + (testInfo.project.name === "phone" ? 1 : 2);
  const url = `http://127.0.0.1:${port}`;
  const server = startServer(port);
  try {
    await waitForHealth(url, server);
    await signIn(page, "psw", undefined, url);
    await expect(page.getByRole("heading", { name: "Today's caseload" })).toBeVisible();
    await waitForHydration(page);
    // The service worker keeps a copy of each page it serves once it has taken
    // over (it registers on the sign-in page, so it may have activated while
    // the caseload was still loading: one more visit makes sure).
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await expect(page.getByRole("heading", { name: "Today's caseload" })).toBeVisible();
    await expect
      .poll(() => page.evaluate(async () => Boolean(await caches.match("/"))), { timeout: 30_000 })
      .toBe(true);

    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
    await context.setOffline(true);
    await page.reload();

    await expect(page.getByText("You are offline.")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Today's caseload" })).toBeVisible();
    await expect(page.getByRole("region", { name: /Willow Ward/ }).getByRole("link", { name: "Aisha" })).toBeVisible();

    await context.setOffline(false);
    await expect(page.getByText("You are offline.")).toBeHidden();
  } finally {
    if (server.exitCode === null) server.kill("SIGTERM");
  }
});

test("a page never opened before shows a plain offline page, not the browser's error", async ({ page, context }, testInfo) => {
  const port = 3205 + testInfo.parallelIndex * 10 + (testInfo.project.name === "phone" ? 1 : 2);
  const url = `http://127.0.0.1:${port}`;
  let server = startServer(port);
  try {
    await waitForHealth(url, server);
    await page.goto(`${url}/login`);
    await waitForHydration(page);
    await expect
      .poll(() => page.evaluate(async () => Boolean(await caches.match("/offline.html"))), { timeout: 15_000 })
      .toBe(true);
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
    await context.setOffline(true);
    await page.goto(`${url}/somewhere-new`);
    await expect(page.getByRole("heading", { name: "This page is not saved on this device" })).toBeVisible();
    await expect(page.getByText("This one opens by itself when the network is back.")).toBeVisible();

    // The network comes back before the server does: still the offline
    // page. Once the server answers, its page follows by itself (here,
    // signed out, the sign-in page).
    await context.setOffline(false);
    await expect(page.getByRole("heading", { name: "This page is not saved on this device" })).toBeVisible();
    server = startServer(port, {}, server.dir);
    await waitForHealth(url, server);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole("heading", { name: "This page is not saved on this device" })).toBeHidden();
  } finally {
    if (server.exitCode === null) server.kill("SIGTERM");
  }
});
