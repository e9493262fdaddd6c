import { test, expect, type Page } from "@playwright/test";
import { startServer, stopServer, waitForHealth } from "./support/serve.mjs";
import { expectNoAccessibilityViolations, keepForOffline, revealKept, signIn, waitForHydration } from "./support/helpers";

/** How many of the app's kept records on this phone mention `text`, opened as the app opens them. */
async function keptMentioning(page: Page, text: string) {
  return Object.values(await revealKept(page)).filter((value) => value.includes(text)).length;
}

function keptPage(page: Page, path: string) {
  return page.evaluate(async (path) => Boolean(await caches.match(path)), path);
}

// The nurse in charge moves Aisha to a ward at another hospital. Sam, a PSW
// of the ward she left, no longer may see her record, so his phone forgets
// what it kept of it (her notes and its copy of her page) at its next sync.
test("a patient moved to another ward is forgotten by the phones of the ward she left", async ({ page, browser }, testInfo) => {
  const port = 3900 + testInfo.parallelIndex * 10 + (testInfo.project.name === "phone" ? 1 : 2);
  const url = `http://127.0.0.1:${port}`;
  const server = startServer(port);
  try {
    await waitForHealth(url, server);
    await signIn(page, "psw", undefined, url);
    await page.goto(`${url}/patients/patient-001`);
    await keepForOffline(page);
    const note = `Aisha asked about the garden group (${testInfo.project.name}).`;
    await page.getByLabel("Note", { exact: true }).fill(note);
    await page.getByRole("button", { name: "Save session" }).click();
    const card = page.getByRole("listitem").filter({ hasText: note });
    await expect(card.getByText("Saved to server")).toBeVisible({ timeout: 30_000 });
    expect(await keptMentioning(page, note)).toBeGreaterThan(0);
    expect(await keptPage(page, "/patients/patient-001")).toBe(true);

    const nurseContext = await browser.newContext();
    try {
      const nurse = await nurseContext.newPage();
      await signIn(nurse, "nurse", undefined, url);
      await nurse.goto(`${url}/patients/patient-001`);
      await waitForHydration(nurse);
      const move = nurse.locator(".move-ward");
      await move.getByText("Move to another ward").click();
      await move.getByRole("button", { name: "Move Aisha" }).click();
      await expect(move.getByRole("alert")).toHaveText("Choose the ward they are moving to.");
      await move.getByLabel("Ward they are moving to").selectOption({ label: "Kestrel Ward, Harbour View Hospital" });
      await move.getByRole("button", { name: "Move Aisha" }).click();
      await expect(move.getByRole("status")).toContainText("Aisha is now on Kestrel Ward, Harbour View Hospital.");
      // The record is the new ward's now: no form to write on it here.
      await expect(nurse.getByRole("button", { name: "Save session" })).toHaveCount(0);
      await expectNoAccessibilityViolations(nurse);
      await nurse.screenshot({ path: `screenshots/${testInfo.project.name}/patient-moved.png`, fullPage: true });
    } finally {
      await nurseContext.close();
    }

    // Sam's phone syncs when the app starts: the caseload no longer lists
    // her, and the phone keeps nothing of her record.
    await page.goto(`${url}/`);
    await waitForHydration(page);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByRole("link", { name: /Aisha/ })).toHaveCount(0);
    await expect.poll(() => keptMentioning(page, note), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => keptPage(page, "/patients/patient-001"), { timeout: 10_000 }).toBe(false);
    await expect.poll(() => keptPage(page, "/"), { timeout: 10_000 }).toBe(true);

    // Offline, her page cannot be opened from the phone any more.
    await page.context().setOffline(true);
    await page.goto(`${url}/patients/patient-001`).catch(() => undefined);
    await expect(page.getByText(note)).toHaveCount(0);
    await expect(page.getByRole("heading", { level: 1, name: /Aisha/ })).toHaveCount(0);
  } finally {
    await stopServer(server);
  }
});
