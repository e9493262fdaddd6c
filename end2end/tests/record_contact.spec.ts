import { test, expect, type Page } from "@playwright/test";
import { startServer, stopServer, waitForHealth } from "./support/serve.mjs";
import { expectNoAccessibilityViolations, keepForOffline, sessionCard, signIn, waitForHydration } from "./support/helpers";

function portFor(testInfo: { parallelIndex: number; project: { name: string } }, offset: number) {
  return 3950 + offset * 20 + testInfo.parallelIndex * 10 + (testInfo.project.name === "phone" ? 1 : 2);
}

/** A local date and time `days` ago, as a datetime-local field takes it. */
function daysAgo(days: number) {
  const at = new Date(Date.now() - days * 24 * 60 * 60 * 1000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

// The PSW's everyday case, offline: from the caseload to a saved one to one
// in at most five taps plus typing. The form opens ready (one to one, now,
// 15 minutes, the ward's usual place).
test("a routine one to one is recorded offline in at most five taps plus typing", async ({ page }, testInfo) => {
  const port = portFor(testInfo, 0);
  const url = `http://127.0.0.1:${port}`;
  const server = startServer(port);
  try {
    await waitForHealth(url, server);
    await signIn(page, "psw", undefined, url);
    await page.goto(`${url}/patients/patient-001`);
    await keepForOffline(page);
    await page.goto(`${url}/`);
    await keepForOffline(page);
    await stopServer(server);
    await page.context().setOffline(true);

    let taps = 0;
    const tap = async (target: ReturnType<Page["getByRole"]>) => {
      taps += 1;
      await target.click();
    };
    await tap(page.getByRole("link", { name: /Aisha/ }).first());
    await waitForHydration(page);
    await expect(page.getByLabel("Type of session")).toHaveValue("one_to_one");
    await expect(page.getByLabel("Minutes")).toHaveValue("15");
    await expect(page.getByLabel("Place")).toHaveValue("Quiet room");
    const note = `Talked about sleep and the garden group (${testInfo.project.name}).`;
    await tap(page.getByLabel("Note", { exact: true }));
    await page.keyboard.type(note);
    await tap(page.getByRole("button", { name: "Save session" }));
    await expect(sessionCard(page, note).getByText("On this phone only")).toBeVisible();
    await expect(sessionCard(page, note).getByText("One to one support")).toBeVisible();
    await expect(sessionCard(page, note).getByText("Quiet room")).toBeVisible();
    expect(taps).toBeLessThanOrEqual(5);
  } finally {
    await stopServer(server);
  }
});

test("a ward activity keeps its themes, how the person took part and a draft; a late entry asks why", async ({ page }, testInfo) => {
  const port = portFor(testInfo, 1);
  const url = `http://127.0.0.1:${port}`;
  const server = startServer(port);
  try {
    await waitForHealth(url, server);
    await signIn(page, "psw", undefined, url);
    await page.goto(`${url}/patients/patient-001`);
    await waitForHydration(page);

    await page.getByLabel("Type of session").selectOption({ label: "Ward activity" });
    await page.getByText("Hope", { exact: true }).click();
    await page.getByText("Connectedness", { exact: true }).click();
    await page.getByLabel("Took part a little").check();
    await page.getByText("Lived experience, planned activity, signposting").click();
    await page.getByLabel("I shared some of my own lived experience").check();
    // Signposting from the directory, and one not in it.
    await page.getByText("Harbour Recovery College", { exact: true }).click();
    await page.getByLabel("Other signposting").fill("Citizens Advice");
    // Something to follow up, due today, from this contact.
    await page.getByText("Follow-ups from this contact").click();
    const task = `Ask about the Tuesday walk (${testInfo.project.name}).`;
    await page.getByLabel("Follow-up 1", { exact: true }).fill(task);
    await page.getByLabel("Due date for follow-up 1 (optional)").fill(new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date()));
    await expectNoAccessibilityViolations(page);
    await page.screenshot({ path: `screenshots/${testInfo.project.name}/record-contact-form.png`, fullPage: true });

    // A reload (or an incoming call) keeps what was chosen.
    await page.reload();
    await waitForHydration(page);
    await expect(page.getByLabel("Type of session")).toHaveValue("ward_activity");
    await expect(page.getByRole("checkbox", { name: "Hope" })).toBeChecked();
    await expect(page.getByLabel("Took part a little")).toBeChecked();
    await expect(page.getByRole("checkbox", { name: "Harbour Recovery College", includeHidden: true })).toBeChecked();
    await expect(page.getByLabel("Follow-up 1", { exact: true })).toHaveValue(task);

    // No note is needed for a ward activity. Saved, it shows its details.
    await page.getByRole("button", { name: "Save session" }).click();
    await expect(page.getByText("Saved on this phone with 1 follow-up.")).toBeVisible();
    const card = sessionCard(page, "Harbour Recovery College");
    await expect(card).toContainText("Citizens Advice");
    await expect(page.locator(".follow-up").filter({ hasText: task }).getByText("Due today")).toBeVisible();
    // A concern can be raised from the contact just saved.
    await page.getByRole("button", { name: "Raise a concern from this contact" }).click();
    await expect(page.getByText("Raised from the contact you just recorded.")).toBeVisible();
    await expect(page.getByLabel("What you saw or heard")).toBeVisible();
    await expect(card.getByRole("heading", { name: "Ward activity" })).toBeVisible();
    await expect(card).toContainText("Recovery themesConnectedness, Hope");
    await expect(card).toContainText("Took part a little");
    await expect(card).toContainText("Lived experienceShared");
    await expect(card.getByText("Saved to server")).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole("checkbox", { name: "Hope" })).not.toBeChecked();

    // Ten days back: the form asks why it is entered now, and keeps the reason.
    const note = `Group walk written up after leave (${testInfo.project.name}).`;
    await page.getByLabel("Started").fill(daysAgo(10));
    await expect(page.getByLabel("Why it is entered now")).toBeVisible();
    await page.getByLabel("Note", { exact: true }).fill(note);
    await page.getByRole("button", { name: "Save session" }).click();
    await expect(page.getByText("This contact started more than 7 days ago.")).toBeVisible();
    await page.getByLabel("Why it is entered now").fill("I was on leave.");
    await page.getByRole("button", { name: "Save session" }).click();
    await expect(sessionCard(page, note)).toContainText("Entered lateI was on leave.");
    await expect(sessionCard(page, note).getByText("Saved to server")).toBeVisible({ timeout: 30_000 });
    await page.screenshot({ path: `screenshots/${testInfo.project.name}/record-contact-saved.png`, fullPage: true });

    // The timeline shows one type of session when asked.
    const cards = page.locator(".timeline__item");
    await expect(cards).toHaveCount(2);
    await page.getByLabel("Show").selectOption({ label: "Ward activity" });
    await expect(cards).toHaveCount(1);
    await expect(cards.first().getByRole("heading", { name: "Ward activity" })).toBeVisible();
    await page.getByLabel("Show").selectOption({ label: "Every type of session" });
    await expect(cards).toHaveCount(2);
  } finally {
    await stopServer(server);
  }
});
