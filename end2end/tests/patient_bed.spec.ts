import { test, expect } from "@playwright/test";
import { startServer, stopServer, waitForHealth } from "./support/serve.mjs";
import { expectNoAccessibilityViolations, keepForOffline, signIn, waitForHydration } from "./support/helpers";

// The ward's nurse changes a patient's bed with no signal; it is saved on the
// phone at once, reaches the server when the network is back, and the PSW
// reads the new bed with the old one kept under "Earlier beds".
test("a bed changed offline is kept on the phone, syncs, and the old bed stays in the history", async ({ page, browser }, testInfo) => {
  const port = 3800 + testInfo.parallelIndex * 10 + (testInfo.project.name === "phone" ? 1 : 2);
  const url = `http://127.0.0.1:${port}`;
  let server = startServer(port);
  try {
    await waitForHealth(url, server);
    await signIn(page, "nurse", undefined, url);
    await page.goto(`${url}/patients/patient-001`);
    const bedRow = page.locator(".summary-list__row").filter({ has: page.getByText("Bed", { exact: true }) });
    const before = (await bedRow.locator(".bed__now").textContent())?.trim() ?? "";
    expect(before).not.toEqual("");
    await keepForOffline(page);

    await stopServer(server);
    await page.context().setOffline(true);
    await bedRow.getByText("Change bed").click();
    const bed = `Bay 4, bed ${testInfo.project.name === "phone" ? 11 : 12}`;
    await bedRow.getByLabel("New bed").fill(bed);
    await bedRow.getByRole("button", { name: "Save bed" }).click();
    await expect(bedRow.locator(".bed__now")).toHaveText(bed);
    await expect(bedRow.getByText("On this phone only")).toBeVisible();
    await bedRow.getByText("Earlier beds").click();
    await expect(bedRow.getByRole("listitem").filter({ hasText: before })).toContainText("On admission");
    await page.screenshot({ path: `screenshots/${testInfo.project.name}/bed-changed-offline.png`, fullPage: true });
    await expectNoAccessibilityViolations(page);

    // The form closed once the bed was saved; an empty bed is refused on the
    // phone, with the reason.
    await expect(bedRow.getByRole("button", { name: "Save bed" })).toBeHidden();
    await bedRow.getByText("Change bed").click();
    await bedRow.getByRole("button", { name: "Save bed" }).click();
    await expect(bedRow.getByRole("alert")).toHaveText("Enter the bed, such as Bay 2, bed 14.");

    server = startServer(port, {}, server.dir);
    await waitForHealth(url, server);
    await page.context().setOffline(false);
    await expect(bedRow.getByText("On this phone only")).toBeHidden({ timeout: 30_000 });

    const pswContext = await browser.newContext();
    const psw = await pswContext.newPage();
    await signIn(psw, "psw", undefined, url);
    await psw.goto(`${url}/patients/patient-001`);
    await waitForHydration(psw);
    const pswBed = psw.locator(".summary-list__row").filter({ has: psw.getByText("Bed", { exact: true }) });
    await expect(pswBed.locator(".bed__now")).toHaveText(bed);
    await expect(pswBed.getByText("Change bed")).toHaveCount(0);
    await pswBed.getByText("Earlier beds").click();
    await expect(pswBed.getByRole("listitem").filter({ hasText: before })).toBeVisible();
    await pswContext.close();
  } finally {
    await stopServer(server);
  }
});
