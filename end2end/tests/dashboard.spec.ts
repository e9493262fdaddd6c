import { test, expect, type Page } from "@playwright/test";
import { startServer, stopServer, waitForHealth } from "./support/serve.mjs";
import { expectNoAccessibilityViolations, signIn, waitForHydration } from "./support/helpers";

/** Records a one to one about Aisha from her page, with the form's defaults. */
async function recordContact(page: Page, note: string) {
  await page.getByLabel("Note", { exact: true }).fill(note);
  await page.getByRole("button", { name: "Save session" }).click();
  return page.getByRole("listitem").filter({ hasText: note });
}

// Dafydd, the manager, keeps the dashboard open. Sam records a contact with
// no signal; when his phone is back online the dashboard shows it within
// seconds, without a reload. The server then goes away for a moment (a
// network drop): the page says it is reconnecting, comes back by itself and
// shows what was recorded meanwhile.
test("the manager's dashboard follows the wards live and reconnects by itself", async ({ page, browser }, testInfo) => {
  const port = 4300 + testInfo.parallelIndex * 10 + (testInfo.project.name === "phone" ? 1 : 2);
  const url = `http://127.0.0.1:${port}`;
  let server = startServer(port);
  const shots = `screenshots/${testInfo.project.name}`;
  const managerContext = await browser.newContext();
  try {
    await waitForHealth(url, server);
    const manager = await managerContext.newPage();
    await signIn(manager, "manager", undefined, url);
    await manager.getByRole("link", { name: "Today on the wards, live" }).click();
    await waitForHydration(manager);
    const status = manager.locator(".live-status");
    await expect(status).toHaveAttribute("data-link", "live");
    await expect(status).toHaveText("Live: this page updates by itself as records reach the server.");
    const willow = manager.locator('.dash-ward[data-ward="ward-willow"]');
    const figure = (name: string) => willow.locator(".dash-figure", { hasText: name }).locator("dd");
    await expect(figure("Contacts today")).toHaveText("0");
    await expect(manager.locator(".dash-ward")).toHaveCount(4);
    await manager.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    await expectNoAccessibilityViolations(manager);

    await signIn(page, "psw", undefined, url);
    await page.goto(`${url}/patients/patient-001`);
    await waitForHydration(page);
    await page.context().setOffline(true);
    const first = await recordContact(page, `Walked to the shop together (${testInfo.project.name}).`);
    await expect(first.getByText("On this phone only")).toBeVisible();
    await expect(figure("Contacts today")).toHaveText("0");
    await page.context().setOffline(false);
    await expect(first.getByText("Saved to server")).toBeVisible({ timeout: 30_000 });
    // The budget is 2 s from the sync; the wait allows for a busy machine.
    await expect(figure("Contacts today")).toHaveText("1", { timeout: 5_000 });
    await expect(figure("People seen")).toHaveText("1");

    // A drop: the server goes away and comes back on the same data.
    await stopServer(server);
    await expect(status).toHaveAttribute("data-link", "reconnecting");
    await expect(status).toContainText("Reconnecting");
    server = startServer(port, {}, server.dir);
    await waitForHealth(url, server);
    await expect(status).toHaveAttribute("data-link", "live", { timeout: 15_000 });
    const second = await recordContact(page, `Talked about going home on Friday (${testInfo.project.name}).`);
    await expect(second.getByText("Saved to server")).toBeVisible({ timeout: 30_000 });
    await expect(figure("Contacts today")).toHaveText("2", { timeout: 5_000 });
    await expect(figure("People seen")).toHaveText("1", { timeout: 5_000 });
    expect(await manager.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

    // On a phone, and on the narrowest one with text at 200%.
    await manager.setViewportSize(testInfo.project.name === "phone" ? { width: 360, height: 740 } : { width: 800, height: 1280 });
    await manager.screenshot({ path: `${shots}/dashboard.png`, fullPage: true });
    await manager.setViewportSize({ width: 320, height: 740 });
    await manager.evaluate(() => { document.documentElement.style.fontSize = "200%"; });
    expect(await manager.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await expectNoAccessibilityViolations(manager);
  } finally {
    await managerContext.close();
    await stopServer(server);
  }
});

// A PSW has no dashboard: the page says why instead of showing anything.
test("a PSW is told the dashboard is not part of their role", async ({ page }) => {
  await signIn(page, "psw");
  await expect(page.getByRole("link", { name: "Today on the wards, live" })).toHaveCount(0);
  const answer = await page.goto("/dashboard");
  expect(answer?.status()).toBe(403);
  await expect(page.getByRole("alert")).toHaveText("Your role does not include this.");
});
