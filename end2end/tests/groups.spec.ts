import { test, expect, type Page } from "@playwright/test";
import { startServer, stopServer, waitForHealth } from "./support/serve.mjs";
import { expectNoAccessibilityViolations, keepForOffline, signIn, waitForHydration } from "./support/helpers";

/** A patient's timeline entry for the group. */
function groupItem(page: Page, title: string) {
  return page.locator(".timeline__item--group").filter({ hasText: `Group: ${title}` });
}

// Sam runs a music group on Willow Ward with Priya and records it from the
// caseload with no signal: three people from the caseload came, two with a
// line of their own. Each line lands on that person's timeline and nobody
// else's; back online the group reaches the server and Priya's phone.
test("a group with three attendees recorded offline puts each one's line on their own timeline", async ({ page, browser }, testInfo) => {
  const port = 4300 + testInfo.parallelIndex * 10 + (testInfo.project.name === "phone" ? 1 : 2);
  const url = `http://127.0.0.1:${port}`;
  const server = startServer(port);
  const shots = `screenshots/${testInfo.project.name}`;
  const title = `Music group (${testInfo.project.name})`;
  try {
    await waitForHealth(url, server);
    await signIn(page, "psw", undefined, url);
    await page.goto(`${url}/patients/patient-001`);
    await keepForOffline(page);
    await page.goto(`${url}/`);
    await keepForOffline(page);
    await page.context().setOffline(true);

    const isla = page.locator(".patient").filter({ has: page.getByRole("link", { name: "Isla" }) });
    await expect(isla.getByText("Not seen by you this week")).toBeVisible();
    await page.getByText("Record a group on Willow Ward").click();
    const form = page.locator(".record-group").filter({ hasText: "Record a group on Willow Ward" });
    await form.getByRole("button", { name: "Save group" }).click();
    await expect(form.getByText("Give the group a title, such as “Music group”.")).toBeVisible();
    await form.getByLabel("Title").fill(title);
    await form.getByText("Priya Raman", { exact: true }).click();
    await form.getByRole("button", { name: "Save group" }).click();
    await expect(form.getByText("Tick at least one person from the caseload who came.")).toBeVisible();
    for (const who of ["Aisha (Bed 1)", "Ella (Bed 2)", "Isla (Bed 3)"]) {
      await form.getByText(who, { exact: true }).click();
    }
    await form.getByLabel("Line for Aisha's timeline (optional)").fill("Chose a song and sang along.");
    await form.getByLabel("Line for Ella's timeline (optional)").fill("Played the drums, then rested.");
    await expect(form.getByLabel("Line for Ben's timeline (optional)")).toBeHidden();
    await form.getByLabel("Others who came").fill("1");
    await form.getByLabel("Group note").fill("Calm; everyone chose a song.");
    await expectNoAccessibilityViolations(page);
    await page.screenshot({ path: `${shots}/record-group.png`, fullPage: true });
    await form.getByRole("button", { name: "Save group" }).click();
    await expect(form.getByText("Group saved on this phone and added to the timelines of 3 people.")).toBeVisible();
    await expect(form.getByLabel("Title")).toHaveValue("");
    // Recording the group counts as seeing each of them this week.
    await expect(isla.getByText("Not seen by you this week")).toHaveCount(0);

    // Still offline, Aisha's page shows the group and her line.
    await page.getByRole("link", { name: "Aisha" }).click();
    await waitForHydration(page);
    const aishas = groupItem(page, title);
    await expect(aishas.getByText("On this phone only")).toBeVisible();
    await expect(aishas.getByText("Run by Sam Okafor and 1 colleague · 4 people came")).toBeVisible();
    await expect(aishas.getByText("Chose a song and sang along.")).toBeVisible();
    await expect(aishas.getByText("Calm; everyone chose a song.")).toBeVisible();
    await expect(page.getByText("Played the drums, then rested.")).toHaveCount(0);

    await page.context().setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event("online")));
    await expect(aishas.getByText("Saved to server")).toBeVisible({ timeout: 30_000 });
    await page.reload();
    await waitForHydration(page);
    await expect(groupItem(page, title).getByText("Run by Sam Okafor and Priya Raman · 4 people came")).toBeVisible();
    // With a one to one too, the timeline shows one kind when asked.
    await page.getByLabel("Note", { exact: true }).fill("Talked about the song she chose.");
    await page.getByRole("button", { name: "Save session" }).click();
    await expect(page.locator(".timeline__item")).toHaveCount(2);
    await page.getByLabel("Show").selectOption({ label: "Group session" });
    await expect(page.locator(".timeline__item")).toHaveCount(1);
    await expect(groupItem(page, title)).toBeVisible();
    await expectNoAccessibilityViolations(page);
    await page.screenshot({ path: `${shots}/timeline-group.png`, fullPage: true });

    await page.goto(`${url}/patients/patient-005`);
    await expect(groupItem(page, title).getByText("Played the drums, then rested.")).toBeVisible();
    await expect(page.getByText("Chose a song and sang along.")).toHaveCount(0);

    // Priya, who ran it with Sam, sees it on Isla's timeline on her phone.
    const nurseContext = await browser.newContext();
    try {
      const nurse = await nurseContext.newPage();
      await signIn(nurse, "nurse", undefined, url);
      await nurse.goto(`${url}/patients/patient-009`);
      await expect(groupItem(nurse, title).getByText("Run by Sam Okafor and Priya Raman · 4 people came")).toBeVisible();
    } finally {
      await nurseContext.close();
    }
  } finally {
    await stopServer(server);
  }
});
