import { test, expect, type Page } from "@playwright/test";
import { DEMO_PASSWORD, openAisha, sessionCard, signIn, expectNoAccessibilityViolations, waitForHydration } from "./support/helpers";

// The sync status must be true at every moment: a server that refuses the
// phone's records (a sign-in that has ended, an account it will not take
// records from, a request it will not take) is not "no signal", and the
// person is told what to do. The records stay on the phone throughout.

async function recordNote(page: Page, note: string) {
  await page.getByLabel("Note", { exact: true }).fill(note);
  await page.getByRole("button", { name: "Save session" }).click();
}

/** Has the app try the server again now, as the network coming back does. */
async function nudgeSync(page: Page) {
  await page.evaluate(() => window.dispatchEvent(new Event("online")));
}

test("a sign-in that ended while offline asks to sign in again, and the notes go after it", async ({ page }, testInfo) => {
  await signIn(page, "psw");
  await openAisha(page);

  await page.context().setOffline(true);
  const first = `Planned a walk to the shop (${testInfo.project.name}, ended sign-in).`;
  await recordNote(page, first);
  await expect(page.getByText("It goes to the server by itself; the top of the screen says if anything stops it.")).toBeVisible();
  await expect(sessionCard(page, first).getByText("On this phone only")).toBeVisible();

  // The server forgets the sign-in while the phone is away (as the idle
  // timeout does): the cookie the phone had no longer gets in.
  await page.context().clearCookies();
  await page.context().setOffline(false);
  const banner = page.getByRole("status").filter({ hasText: "Your sign-in has ended." });
  await expect(banner).toContainText("Sign in again to send your 1 record: they are safe on this phone until then.");
  await expect(sessionCard(page, first).getByText("On this phone only")).toBeVisible();
  await expectNoAccessibilityViolations(page);

  // A note written now says truly how it will go.
  const second = `Talked about her sister's visit (${testInfo.project.name}, ended sign-in).`;
  await recordNote(page, second);
  await expect(page.getByText("Your sign-in has ended: sign in again to send it to the server.")).toBeVisible();
  await expect(banner).toContainText("send your 2 records");

  // Sign-out does not pretend there is no connection either.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.locator(".sign-out__notice")).toContainText("Sign in again to send your 2 records");

  await banner.getByRole("link", { name: "Sign in again" }).click();
  await expect(page).toHaveURL(/\/login/);
  // The same person on the same phone: their PIN is still the one they chose.
  await page.getByLabel("Username").fill("psw");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await waitForHydration(page);
  await page.goto("/patients/patient-001");
  await expect(sessionCard(page, first).getByText("Saved to server")).toBeVisible({ timeout: 30_000 });
  await expect(sessionCard(page, second).getByText("Saved to server")).toBeVisible();
  await expect(page.getByText("Your sign-in has ended.")).toHaveCount(0);
});

test("a refusal is shown with the server's reason, a busy server is not, and both clear once the server takes the notes", async ({ page }, testInfo) => {
  await signIn(page, "psw");
  await openAisha(page);

  let served = 0;
  let answer: { status: number; error: string } | null = {
    status: 413,
    error: "A sync request is at most 2 MB. Nothing was stored; send fewer changes at a time.",
  };
  await page.route("**/api/sync", async (route) => {
    if (!answer) return route.continue();
    served += 1;
    await route.fulfill({ status: answer.status, contentType: "application/json", body: JSON.stringify({ error: answer.error }) });
  });
  const note = `Chose the art group for Thursday (${testInfo.project.name}, refused).`;
  await recordNote(page, note);
  const refused = page.getByRole("status").filter({ hasText: "The server refused your 1 record, so they stay on this phone." });
  await expect(refused).toContainText("A sync request is at most 2 MB.");
  await expect(sessionCard(page, note).getByText("On this phone only")).toBeVisible();

  answer = { status: 403, error: "Your account is not active." };
  await nudgeSync(page);
  const notAllowed = page.getByRole("status").filter({ hasText: "The server will not take records from your account just now" });
  await expect(notAllowed).toContainText("Your account is not active.");
  await expect(notAllowed).toContainText("Ask your manager");

  // A busy server is tried again by itself: no new instruction, and the last
  // refusal stands until the server takes the notes.
  answer = { status: 503, error: "The server cannot save just now." };
  const before = served;
  await nudgeSync(page);
  await expect.poll(() => served).toBeGreaterThan(before);
  await expect(page.getByText("The server cannot save just now.")).toHaveCount(0);
  await expect(notAllowed).toBeVisible();

  answer = null;
  await nudgeSync(page);
  await expect(sessionCard(page, note).getByText("Saved to server")).toBeVisible({ timeout: 30_000 });
  await expect(notAllowed).toHaveCount(0);
});

test("notes an earlier version left in the outbox are kept and shown after an update, and the server judges them", async ({ page }, testInfo) => {
  await signIn(page, "psw");
  await openAisha(page);
  await page.context().setOffline(true);

  // What an earlier release kept: no author's name or time, and the second
  // note stamped with a bare number, a layout this release cannot read.
  const readable = `Made a list of questions for the ward round (${testInfo.project.name}, earlier version).`;
  const unreadable = `Helped write a letter home (${testInfo.project.name}, earlier version).`;
  await page.evaluate(
    ([readable, unreadable]) => {
      const device = localStorage.getItem("alongside.device") ?? "";
      const minuteAgo = Date.now() - 60_000;
      const keep = (note: string, hlc: string | number) => {
        const id = crypto.randomUUID();
        const op = {
          id,
          entity: "session",
          entity_id: crypto.randomUUID(),
          action: "create",
          hlc,
          payload: {
            patient_id: "patient-001",
            session_type: "one_to_one",
            started_at: new Date(minuteAgo).toISOString().replace(/\.\d+Z$/, "Z"),
            duration_min: 20,
            note,
          },
        };
        localStorage.setItem(`alongside.outbox.${id}`, JSON.stringify({ op, author: "staff-psw", state: "unsent" }));
      };
      keep(readable, `${String(minuteAgo).padStart(15, "0")}:00000:${device}`);
      keep(unreadable, minuteAgo);
    },
    [readable, unreadable],
  );
  // The update: the new release opens what the old one left.
  await page.reload();
  const line = page.getByRole("status").filter({ hasText: "Written with an earlier version of Alongside: 2 of your records on this phone." });
  await expect(line).toBeVisible();
  await expect(sessionCard(page, readable).getByText("On this phone only")).toBeVisible();
  await expect(sessionCard(page, unreadable).getByText("On this phone only")).toBeVisible();

  await page.context().setOffline(false);
  await nudgeSync(page);
  await expect(sessionCard(page, readable).getByText("Saved to server")).toBeVisible({ timeout: 30_000 });
  const refused = sessionCard(page, unreadable);
  await expect(refused.getByText("Needs attention")).toBeVisible();
  await expect(refused).toContainText("hlc as text");
  await expect(line).toHaveCount(0);
});

test("a note says saved on this phone only once its journal write has completed", async ({ page }, testInfo) => {
  await signIn(page, "psw");
  await openAisha(page);
  await page.context().setOffline(true);
  // Hold the journal's writes (the copy on disk) until the test lets them go.
  await page.evaluate(() => {
    const w = window as unknown as { alongsideJournal: { put: (k: string, v: string) => Promise<unknown> }; heldWrites: (() => void)[] };
    const real = w.alongsideJournal.put;
    w.heldWrites = [];
    w.alongsideJournal.put = (key, value) =>
      new Promise((resolve, reject) => w.heldWrites.push(() => void real(key, value).then(resolve, reject)));
  });
  const note = `Talked about her first week home (${testInfo.project.name}, journal held).`;
  await recordNote(page, note);
  const status = page.getByRole("status").filter({ hasText: "Saving on this phone…" });
  await expect(status).toBeVisible();
  await expect(sessionCard(page, note).getByText("Saving on this phone…")).toBeVisible();
  await page.waitForTimeout(500);
  await expect(page.getByText("Saved on this phone.")).toHaveCount(0);
  await expect(sessionCard(page, note).getByText("On this phone only")).toHaveCount(0);

  await page.evaluate(() => (window as unknown as { heldWrites: (() => void)[] }).heldWrites.forEach((write) => write()));
  await expect(page.getByText("Saved on this phone.")).toBeVisible();
  await expect(sessionCard(page, note).getByText("On this phone only")).toBeVisible();
  await expectNoAccessibilityViolations(page);
});

