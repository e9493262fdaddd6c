import { test, expect, type Page } from "@playwright/test";
import { startServer, stopServer, waitForHealth } from "./support/serve.mjs";
import { expectNoAccessibilityViolations, openAisha, revealKept, sessionCard, signIn, waitForHydration } from "./support/helpers";

// Each test runs a server of its own, so that "offline" is real (the server
// is gone, not just the browser told so) and it can come back on the same data.
function portFor(testInfo: { parallelIndex: number; project: { name: string } }, offset: number) {
  return 3600 + offset * 20 + testInfo.parallelIndex * 10 + (testInfo.project.name === "phone" ? 1 : 2);
}

async function recordNote(page: Page, note: string) {
  await page.getByLabel("Note", { exact: true }).fill(note);
  await page.getByRole("button", { name: "Save session" }).click();
  await expect(page.getByText("Saved on this phone.")).toBeVisible();
}

test("a note written offline survives a reload, reaches the server when back online, and the ward's nurse reads it", async ({ page, browser }, testInfo) => {
  const port = portFor(testInfo, 0);
  const url = `http://127.0.0.1:${port}`;
  let server = startServer(port);
  try {
    await waitForHealth(url, server);
    await signIn(page, "psw", undefined, url);
    await openAisha(page, url);
    await expectNoAccessibilityViolations(page);

    await stopServer(server);
    await page.context().setOffline(true);
    const note = `Talked about going home on Friday (${testInfo.project.name}).`;
    await recordNote(page, note);
    await expect(sessionCard(page, note).getByText("On this phone only")).toBeVisible();

    await page.reload();
    await waitForHydration(page);
    await expect(page.getByText("You are offline.")).toBeVisible();
    await expect(sessionCard(page, note).getByText("On this phone only")).toBeVisible();
    await expect(page.getByLabel("Note", { exact: true })).toHaveValue("");
    server = startServer(port, {}, server.dir);
    await waitForHealth(url, server);
    await page.context().setOffline(false);
    await expect(sessionCard(page, note).getByText("Saved to server")).toBeVisible({ timeout: 30_000 });
    // Its op and record ids are time-ordered UUIDs (version 7), so the
    // server's indexes of ids grow at one end (see domain/sync/ids.rs).
    const kept = Object.values(await revealKept(page))
      .filter((value) => value.includes(note))
      .map((value) => JSON.parse(value));
    const timeOrdered = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(kept.length).toBeGreaterThan(0);
    for (const { op } of kept) {
      expect(op.id).toMatch(timeOrdered);
      expect(op.entity_id).toMatch(timeOrdered);
    }

    const nurseContext = await browser.newContext();
    const nurse = await nurseContext.newPage();
    await signIn(nurse, "nurse", undefined, url);
    await nurse.goto(`${url}/patients/patient-001`);
    await expect(sessionCard(nurse, note)).toBeVisible();
    await expect(sessionCard(nurse, note).getByText("Sam Okafor")).toBeVisible();
    await nurseContext.close();
  } finally {
    await stopServer(server);
  }
});

test("an addendum goes under its session and the session itself is unchanged", async ({ page }, testInfo) => {
  const port = portFor(testInfo, 1);
  const url = `http://127.0.0.1:${port}`;
  const server = startServer(port);
  try {
    await waitForHealth(url, server);
    await signIn(page, "psw", undefined, url);
    await openAisha(page, url);
    const note = "Walked to the café with Aisha.";
    await recordNote(page, note);
    const card = sessionCard(page, note).first();
    await expect(card.getByText("Saved to server")).toBeVisible({ timeout: 30_000 });
    await card.getByText("Add an addendum").click();
    await card.getByLabel("Reason").fill("Place was wrong");
    await card.getByLabel("What to add").fill("It was the garden, not the café.");
    await card.getByRole("button", { name: "Save addendum" }).click();
    await expect(card.getByText("It was the garden, not the café.")).toBeVisible();
    await expect(card.getByText("Place was wrong")).toBeVisible();
    await expect(card.getByText(note)).toBeVisible();
    await expectNoAccessibilityViolations(page);
    await page.reload();
    const saved = sessionCard(page, note).first();
    await expect(saved.getByText("It was the garden, not the café.")).toBeVisible();
  } finally {
    await stopServer(server);
  }
});

test("an empty note is refused with a clear message and nothing is saved", async ({ page }, testInfo) => {
  const port = portFor(testInfo, 2);
  const url = `http://127.0.0.1:${port}`;
  const server = startServer(port);
  try {
    await waitForHealth(url, server);
    await signIn(page, "psw", undefined, url);
    await page.goto(`${url}/patients/patient-001`);
    await waitForHydration(page);
    await page.getByLabel("Note", { exact: true }).fill("   ");
    await page.getByRole("button", { name: "Save session" }).click();
    await expect(page.getByText("Write a note about the session.")).toBeVisible();
    await expect(page.getByText("No sessions recorded yet.")).toBeVisible();
  } finally {
    await stopServer(server);
  }
});

test("sign-out with a record not yet sent refuses while offline, then sends it and signs out", async ({ page }, testInfo) => {
  const port = portFor(testInfo, 3);
  const url = `http://127.0.0.1:${port}`;
  let server = startServer(port);
  try {
    await waitForHealth(url, server);
    await signIn(page, "psw", undefined, url);
    await openAisha(page, url);
    await stopServer(server);
    await page.context().setOffline(true);
    await recordNote(page, "Planned a walk for tomorrow.");

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByText("1 record is only on this phone")).toBeVisible();
    await expect(page).toHaveURL(/patients\/patient-001/);
    const outbox = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("alongside.outbox.")).length);
    expect(outbox).toBe(1);

    server = startServer(port, {}, server.dir);
    await waitForHealth(url, server);
    await page.context().setOffline(false);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
  } finally {
    await stopServer(server);
  }
});

test("a note saved in one tab shows in another tab of the same phone without a reload", async ({ page }, testInfo) => {
  const port = portFor(testInfo, 4);
  const url = `http://127.0.0.1:${port}`;
  const server = startServer(port);
  try {
    await waitForHealth(url, server);
    await signIn(page, "psw", undefined, url);
    await openAisha(page, url);
    const other = await page.context().newPage();
    await other.goto(page.url());
    await waitForHydration(other);

    await stopServer(server);
    await page.context().setOffline(true);
    const note = `Planned a walk to the garden (${testInfo.project.name}).`;
    await recordNote(page, note);
    await expect(sessionCard(other, note).getByText("On this phone only")).toBeVisible();
    await other.close();
  } finally {
    await stopServer(server);
  }
});
