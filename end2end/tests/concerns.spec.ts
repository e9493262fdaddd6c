import { test, expect, type Page } from "@playwright/test";
import { startServer, stopServer, waitForHealth } from "./support/serve.mjs";
import { expectNoAccessibilityViolations, keepForOffline, signIn, waitForHydration } from "./support/helpers";

/** Asks the app to sync now, as the browser coming back online does. */
function syncNow(page: Page) {
  return page.evaluate(() => window.dispatchEvent(new Event("online")));
}

// Sam sees Aisha at risk while his phone has no signal. The app tells him,
// unmissably, that the concern has not been sent and to tell the nurse in
// person. Back online it reaches Priya, the nurse in charge, whose open
// screen shows it without a reload; she acknowledges it, and Sam's page
// shows her acknowledgement.
test("a concern raised offline says to tell the nurse, then reaches her screen and her acknowledgement comes back", async ({ page, browser }, testInfo) => {
  const port = 4100 + testInfo.parallelIndex * 10 + (testInfo.project.name === "phone" ? 1 : 2);
  const url = `http://127.0.0.1:${port}`;
  const server = startServer(port);
  const shots = `screenshots/${testInfo.project.name}`;
  try {
    await waitForHealth(url, server);
    await signIn(page, "psw", undefined, url);
    await page.goto(`${url}/patients/patient-001`);
    await keepForOffline(page);

    const nurseContext = await browser.newContext();
    try {
      const nurse = await nurseContext.newPage();
      await signIn(nurse, "nurse", undefined, url);
      await nurse.goto(`${url}/`);
      await waitForHydration(nurse);
      await expect(nurse.getByText("No concerns are waiting for you.")).toBeVisible();

      await page.context().setOffline(true);
      const said = `Aisha said she has been saving her tablets (${testInfo.project.name}).`;
      await page.getByText("Raise a risk or safeguarding concern").click();
      await page.getByRole("button", { name: "Send concern" }).click();
      await expect(page.locator(".raise-concern").getByRole("alert")).toHaveText("Choose what the concern is about.");
      await page.getByLabel("Risk to self").check();
      await page.getByLabel("What you saw or heard").fill(said);
      await page.getByLabel("What was done straight away").fill("Stayed with her in the lounge.");
      await page.getByRole("button", { name: "Send concern" }).click();
      const mine = page.locator(".concern").filter({ hasText: said });
      await expect(mine.getByRole("alert")).toContainText("Not sent yet. Tell the nurse in charge in person now.");
      await expect(mine.getByText("On this phone only")).toBeVisible();
      await expect(mine.getByText("Nobody yet")).toBeVisible();
      await expectNoAccessibilityViolations(page);
      await mine.screenshot({ path: `${shots}/concern-offline.png` });

      // Back online, it goes, and says so only once the server has it.
      await page.context().setOffline(false);
      await expect(mine.getByText("Sent to the nurse in charge, not yet acknowledged.")).toBeVisible({ timeout: 30_000 });
      await expect(mine.getByRole("alert")).toHaveCount(0);

      // Priya's open screen shows it once her phone syncs, with no reload.
      await syncNow(nurse);
      await expect(nurse.locator(".concern-alert")).toHaveText("1 concern waiting for you to acknowledge.", { timeout: 30_000 });
      const card = nurse.locator(".concern").filter({ hasText: said });
      await expect(card.getByRole("link", { name: "Aisha" })).toBeVisible();
      await expect(card.getByText("Raised by Sam Okafor")).toBeVisible();
      await expectNoAccessibilityViolations(nurse);
      await nurse.screenshot({ path: `${shots}/concern-nurse.png`, fullPage: true });
      // On the narrowest phone with text at 200%, it still fits and works.
      await nurse.setViewportSize({ width: 320, height: 740 });
      await nurse.evaluate(() => { document.documentElement.style.fontSize = "200%"; });
      expect(await nurse.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
      await card.getByLabel("Your response (optional)").fill("Seen her with the doctor; observations increased.");
      await card.getByRole("button", { name: "Acknowledge" }).click();
      await expect(card.getByText("Acknowledged by Priya Raman")).toBeVisible();
      await expect(nurse.locator(".concern-alert")).toHaveCount(0);
      await expect(card.getByText("On this phone only")).toHaveCount(0, { timeout: 30_000 });
    } finally {
      await nurseContext.close();
    }

    // Sam's page shows her answer as soon as his phone syncs.
    await syncNow(page);
    await expect(page.locator(".concern").filter({ hasText: "Acknowledged by Priya Raman" })).toContainText(
      "Seen her with the doctor; observations increased.",
      { timeout: 30_000 },
    );
    await page.screenshot({ path: `${shots}/concern-acknowledged.png`, fullPage: true });
    // And his home lists it, answered.
    await page.goto(`${url}/`);
    await waitForHydration(page);
    const own = page.locator("section.concerns");
    await expect(own.getByRole("heading", { name: "Your concerns" })).toBeVisible();
    await expect(own.getByText("Acknowledged by Priya Raman")).toBeVisible();
    await expectNoAccessibilityViolations(page);
  } finally {
    await stopServer(server);
  }
});
