import { test, expect, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { startServer, stopServer, waitForHealth } from "./support/serve.mjs";
import { expectNoAccessibilityViolations, signIn, waitForHydration } from "./support/helpers";

/** Each test runs its own server, so that nobody else's shifts are on it. */
function portFor(testInfo: { parallelIndex: number; project: { name: string } }, offset: number) {
  return 4400 + testInfo.parallelIndex * 10 + offset + (testInfo.project.name === "phone" ? 0 : 5);
}

/** The rows of a CSV file, quoted cells and all. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [[]];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { rows[rows.length - 1].push(cell); cell = ""; }
    else if (c === "\n") { rows[rows.length - 1].push(cell); cell = ""; rows.push([]); }
    else if (c !== "\r") cell += c;
  }
  rows[rows.length - 1].push(cell);
  return rows.filter((r) => r.length > 1 || r[0] !== "");
}

/** The page narrowed to 320 px with text at 200%: nothing scrolls sideways. */
async function fitsAt320With200PercentText(page: Page) {
  await page.setViewportSize({ width: 320, height: 740 });
  await page.evaluate(() => { document.documentElement.style.fontSize = "200%"; });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
}

// Sam checks in to Willow with no signal; once his phone is back online
// Dafydd's dashboard shows him on shift without a reload, and Priya, in
// charge of Willow, reads his plan and marks it received. Sam sees that,
// checks out, and the dashboard shows nobody on shift.
test("a PSW checks in offline, the nurse receives the report, and the dashboard follows", async ({ page, browser }, testInfo) => {
  // Two phones each pull others' records every 30 s.
  test.setTimeout(150_000);
  const url = `http://127.0.0.1:${portFor(testInfo, 0)}`;
  const server = startServer(portFor(testInfo, 0));
  const shots = `screenshots/${testInfo.project.name}`;
  const others = [await browser.newContext(), await browser.newContext()];
  try {
    await waitForHealth(url, server);
    const manager = await others[0].newPage();
    await signIn(manager, "manager", undefined, url);
    await manager.goto(`${url}/dashboard`);
    await waitForHydration(manager);
    await expect(manager.locator(".live-status")).toHaveAttribute("data-link", "live");
    const willow = manager.locator('.dash-ward[data-ward="ward-willow"]');
    const onShift = willow.locator(".dash-figure", { hasText: "On shift now" }).locator("dd");
    await expect(onShift).toHaveText("0");

    await signIn(page, "psw", undefined, url);
    await waitForHydration(page);
    const card = page.locator("section.shift");
    await expect(card.getByText("You are not checked in.")).toBeVisible();
    await page.context().setOffline(true);
    await card.getByLabel("Ward").selectOption({ label: "Willow Ward" });
    await card.getByLabel("Your plan for the shift").fill("Art group at two, then one to ones.");
    await card.getByLabel("Anything the nurse in charge should know (optional)").fill("Aisha asked about a walk.");
    await card.getByRole("button", { name: "Check in" }).click();
    await expect(card.getByText(/^On shift on Willow Ward since \d\d:\d\d\.$/)).toBeVisible();
    await expect(card.getByText("On this phone only")).toBeVisible();
    await expect(card.getByText("Your plan is waiting for the nurse in charge to read it.")).toBeVisible();
    await expect(onShift).toHaveText("0");
    await page.context().setOffline(false);
    await expect(card.getByText("On this phone only")).toBeHidden({ timeout: 30_000 });
    await expect(onShift).toHaveText("1", { timeout: 5_000 });
    await expect(willow.getByText(/Sam Okafor since \d\d:\d\d/)).toBeVisible();
    await page.screenshot({ path: `${shots}/shift-on.png`, fullPage: true });
    await expectNoAccessibilityViolations(page);

    const nurse = await others[1].newPage();
    await signIn(nurse, "nurse", undefined, url);
    await waitForHydration(nurse);
    const reports = nurse.locator("section.shift-reports");
    await expect(reports.getByText("1 shift report waiting for you to read.")).toBeVisible();
    const report = reports.locator(".shift-report", { hasText: "Sam Okafor" });
    await expect(report.getByText("Art group at two, then one to ones.")).toBeVisible();
    await expect(report.getByText("Aisha asked about a walk.")).toBeVisible();
    await report.getByRole("button", { name: /^Mark received\s*: Sam Okafor's check-in report$/ }).click();
    await expect(report.getByText(/^Received by Priya Raman at \d\d:\d\d$/)).toBeVisible();
    await expect(reports.getByText("shift report waiting")).toHaveCount(0);
    await nurse.setViewportSize(testInfo.project.name === "phone" ? { width: 360, height: 740 } : { width: 800, height: 1280 });
    await nurse.screenshot({ path: `${shots}/shift-reports.png`, fullPage: true });
    await expectNoAccessibilityViolations(nurse);

    // Sam opens his page again and sees his plan was read.
    await page.reload();
    await waitForHydration(page);
    await expect(card.getByText(/^The nurse in charge \(Priya Raman\) read your plan at \d\d:\d\d\.$/)).toBeVisible();
    await card.getByText("Check out and send your report").click();
    await card.getByLabel("What happened on the shift").fill("Art group: five came. Aisha walked to the shop.");
    await card.getByRole("button", { name: "Check out" }).click();
    await expect(card.getByText("You are not checked in.")).toBeVisible();
    await expect(card.getByText(/^Last shift: Willow Ward, \d\d:\d\d to \d\d:\d\d\./)).toBeVisible();
    await expect(onShift).toHaveText("0", { timeout: 30_000 });
    // Priya's open page shows the check-out report at her phone's next pull.
    await expect(report.getByText("Art group: five came. Aisha walked to the shop.")).toBeVisible({ timeout: 40_000 });
    await expect(reports.getByText("1 shift report waiting for you to read.")).toBeVisible();
    await fitsAt320With200PercentText(page);
  } finally {
    // The server stops even when a context will not close (a test out of time).
    try {
      for (const context of others) await context.close();
    } finally {
      await stopServer(server);
    }
  }
});

// Sam records a contact and logs his supervision, reviews his week and
// hands the return in; Dafydd sees it handed in and downloads the CSV,
// whose row says what Sam recorded.
test("a PSW hands in the weekly return and the manager's CSV matches what was recorded", async ({ page, browser }, testInfo) => {
  const url = `http://127.0.0.1:${portFor(testInfo, 1)}`;
  const server = startServer(portFor(testInfo, 1));
  const shots = `screenshots/${testInfo.project.name}`;
  const managerContext = await browser.newContext({ acceptDownloads: true });
  try {
    await waitForHealth(url, server);
    await signIn(page, "psw", undefined, url);
    await page.goto(`${url}/patients/patient-001`);
    await waitForHydration(page);
    await page.getByLabel("Note", { exact: true }).fill("Talked about home leave.");
    await page.getByRole("button", { name: "Save session" }).click();
    await expect(page.getByRole("listitem").filter({ hasText: "Talked about home leave." }).getByText("Saved to server")).toBeVisible({ timeout: 30_000 });

    await page.goto(`${url}/`);
    await page.getByRole("link", { name: "Your weekly return" }).click();
    await waitForHydration(page);
    await expect(page.getByRole("heading", { name: "Your weekly return" })).toBeVisible();
    await expect(page.getByText("Not submitted yet.")).toBeVisible();
    await page.getByText("Log supervision, training, a meeting or travel").click();
    await page.getByLabel("Supervision, one to one").check();
    await page.getByLabel("How long").selectOption({ label: "1 hour" });
    await page.getByLabel("With whom, or what (optional)").fill("Dafydd Morgan");
    await page.getByRole("button", { name: "Save log" }).click();
    const logged = page.locator(".work-log-item", { hasText: "Supervision, one to one" });
    await expect(logged).toContainText(/^Supervision, one to one, \w{3} \d+ \w{3}, 1 h, Dafydd Morgan/);
    await expect(logged.getByText("On this phone only")).toBeHidden({ timeout: 30_000 });

    // The figures are taken again when the page opens.
    await page.reload();
    await waitForHydration(page);
    const contacts = page.locator(".report-table tr", { hasText: "All contacts" });
    await expect(contacts.locator("td")).toHaveText("1");
    const supervision = page.locator(".report-table tr", { hasText: "Supervision, one to one" });
    await expect(supervision.locator("td").first()).toHaveText("1");
    await expectNoAccessibilityViolations(page);
    await page.screenshot({ path: `${shots}/weekly-return.png`, fullPage: true });
    await page.getByLabel("Notes (optional)").fill("A quiet week on Willow.");
    await page.getByRole("button", { name: "Submit return" }).click();
    await expect(page.getByText(/^Your return for .* is submitted\.$/)).toBeVisible();
    await expect(page.getByText(/^Submitted /)).toBeVisible();
    await expect(page.getByRole("heading", { name: "As handed in (version 1)" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Amend return" })).toBeVisible();
    await fitsAt320With200PercentText(page);

    const manager = await managerContext.newPage();
    await signIn(manager, "manager", undefined, url);
    await manager.getByRole("link", { name: "Weekly returns" }).click();
    await waitForHydration(manager);
    const sam = manager.locator("tr", { hasText: "Sam Okafor" });
    await expect(sam).toContainText("Submitted");
    await expect(manager.locator("tr", { hasText: "Rhiannon Hughes" })).toContainText("Not handed in");
    await expectNoAccessibilityViolations(manager);
    await manager.screenshot({ path: `${shots}/weekly-returns.png`, fullPage: true });
    const [download] = await Promise.all([
      manager.waitForEvent("download"),
      manager.getByRole("link", { name: "Download St Brigid's Hospital's returns (CSV)" }).click(),
    ]);
    const csv = parseCsv(readFileSync(await download.path(), "utf8"));
    const header = csv[0];
    const row = csv.find((cells) => cells[1] === "Sam Okafor");
    expect(row, "Sam's row").toBeTruthy();
    const cell = (name: string) => row![header.indexOf(name)];
    expect(cell("Status")).toBe("Submitted");
    expect(cell("Contacts")).toBe("1");
    expect(cell("One to one support")).toBe("1");
    expect(cell("Supervision, one to one (hours)")).toBe("1.00");
    expect(cell("Notes")).toBe("A quiet week on Willow.");

    // Sam's return, as the manager reads it.
    await sam.getByRole("link", { name: "Sam Okafor" }).click();
    await expect(manager.getByRole("heading", { name: "Sam Okafor's weekly return" })).toBeVisible();
    await expect(manager.getByText("A quiet week on Willow.")).toBeVisible();
    await expectNoAccessibilityViolations(manager);

    // A link to returns that are not theirs (a mistyped address, say) is refused
    // on a page that says why, not in a line of JSON.
    const refused = await manager.goto(`${url}/exports/returns.csv?week=2026-11-30&site=site-nowhere`);
    expect(refused?.status()).toBe(403);
    await expect(manager.getByRole("heading", { name: "This could not be done" })).toBeVisible();
    await expect(manager.getByRole("alert")).toHaveText("You can export the returns of your own sites only.");
    await expectNoAccessibilityViolations(manager);
    await manager.screenshot({ path: `${shots}/export-refused.png`, fullPage: true });
    await manager.getByRole("link", { name: "Back to Alongside" }).click();
    await expect(manager).toHaveURL(`${url}/`);
  } finally {
    try {
      await managerContext.close();
    } finally {
      await stopServer(server);
    }
  }
});
