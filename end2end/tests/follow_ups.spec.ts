import { test, expect } from "@playwright/test";
import { startServer, stopServer, waitForHealth } from "./support/serve.mjs";
import { expectNoAccessibilityViolations, signIn, waitForHydration } from "./support/helpers";

/** Today in the UK, as a date field takes it. */
function ukToday() {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());
}

// Sam's day: his home shows whom he has not seen this week. He sees Aisha,
// notes something to follow up today, and ticks it off from his home.
test("the PSW's home shows who is not yet seen this week and their follow-ups until done", async ({ page }, testInfo) => {
  const port = 4200 + testInfo.parallelIndex * 10 + (testInfo.project.name === "phone" ? 1 : 2);
  const url = `http://127.0.0.1:${port}`;
  const server = startServer(port);
  const shots = `screenshots/${testInfo.project.name}`;
  try {
    await waitForHealth(url, server);
    await signIn(page, "psw", undefined, url);
    const aisha = page.locator(".patient").filter({ has: page.getByRole("link", { name: "Aisha" }) });
    await expect(aisha.getByText("Not seen by you this week")).toBeVisible();
    await expect(page.getByText("Nothing to follow up.")).toBeVisible();

    await aisha.getByRole("link", { name: "Aisha" }).click();
    await waitForHydration(page);
    await page.getByLabel("Note", { exact: true }).fill("Talked about her sister's visit on Sunday.");
    await page.getByRole("button", { name: "Save session" }).click();
    await page.getByText("Add a follow-up").click();
    await page.getByRole("button", { name: "Save follow-up" }).click();
    await expect(page.locator(".add-follow-up").getByRole("alert")).toHaveText("Write what is to be done.");
    const task = `Bring the walking group leaflet (${testInfo.project.name}).`;
    const add = page.locator(".add-follow-up");
    await add.getByLabel("What is to be done").fill(task);
    await add.getByLabel("Due (optional)").fill(ukToday());
    await page.getByRole("button", { name: "Save follow-up" }).click();
    const item = page.locator(".follow-up").filter({ hasText: task });
    await expect(item.getByText("Due today")).toBeVisible();
    await expect(item.getByText("On this phone only")).toHaveCount(0, { timeout: 30_000 });

    await page.goto(`${url}/`);
    await waitForHydration(page);
    await expect(aisha.getByText("Not seen by you this week")).toHaveCount(0);
    const ben = page.locator(".patient").filter({ has: page.getByRole("link", { name: "Ben" }) });
    await expect(ben.getByText("Not seen by you this week")).toBeVisible();
    const mine = page.locator(".follow-up").filter({ hasText: task });
    await expect(mine.getByRole("link", { name: "Aisha" })).toBeVisible();
    await expect(mine.getByText("Due today")).toBeVisible();
    await expectNoAccessibilityViolations(page);
    await page.screenshot({ path: `${shots}/home-follow-ups.png`, fullPage: true });
    // On the narrowest phone with text at 200%, it still fits and works.
    await page.setViewportSize({ width: 320, height: 740 });
    await page.evaluate(() => { document.documentElement.style.fontSize = "200%"; });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await mine.getByRole("button", { name: "Mark done" }).click();
    await expect(mine.getByText("Done: Sam Okafor")).toBeVisible();
    await expect(mine.getByRole("button", { name: "Mark done" })).toHaveCount(0);
    // Once the server has it, the home no longer lists it.
    await expect.poll(async () => {
      await page.reload();
      await waitForHydration(page);
      return page.locator(".follow-up").filter({ hasText: task }).count();
    }, { timeout: 30_000 }).toBe(0);
  } finally {
    await stopServer(server);
  }
});
