import { test, expect } from "@playwright/test";
import { expectNoAccessibilityViolations, signIn, TEST_PIN, waitForHydration } from "./support/helpers";

const PLAN = "/plan/patient-001";

// A patient holding the tablet tries every way out they could find: the
// sign-in page, the caseload, another person's record, a server function
// typed as an address, going back, reloading, and the mode's cookie dropped
// (as the sign-in page used to drop it). Each time: only their plan.
test("a tablet handed to a patient shows only their plan, whatever address is typed, until staff take it back", async ({ page, context }) => {
  await signIn(page, "psw");
  await page.goto("/patients/patient-001");
  await waitForHydration(page);
  // Handing over needs the PSW's own PIN: a wrong one hands over nothing.
  await page.getByLabel("Your PIN").fill("1357");
  await page.getByRole("button", { name: "Hand to Aisha" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "That PIN is not right. 4 tries left." })).toBeVisible();
  await expect(page).toHaveURL("/patients/patient-001");
  await expectNoAccessibilityViolations(page);

  await page.getByLabel("Your PIN").fill(TEST_PIN);
  await page.getByRole("button", { name: "Hand to Aisha" }).click();
  await expect(page).toHaveURL(PLAN);
  const plan = page.getByRole("heading", { level: 1, name: "My recovery plan" });
  await expect(plan).toBeVisible();
  await waitForHydration(page);
  for (const address of ["/login", "/", "/patients/patient-002", "/api/get_home", "/admin/staff", "/login"]) {
    await page.goto(address);
    await expect(page, `${address} leads back to her plan`).toHaveURL(PLAN);
    await expect(plan).toBeVisible();
    await expect(page.getByText("Ben")).toHaveCount(0);
  }
  await page.goBack();
  await expect(page).toHaveURL(PLAN);
  await page.reload();
  await expect(page).toHaveURL(PLAN);
  await expect(plan).toBeVisible();

  // The cookie the device set is gone: the server still holds the mode.
  await context.clearCookies({ name: "alongside_patient_mode" });
  for (const address of ["/login", "/", "/patients/patient-002"]) {
    const answer = await page.request.get(address, { headers: { accept: "text/html" }, maxRedirects: 0 });
    expect(answer.status(), address).toBe(303);
    expect(answer.headers()["location"], address).toBe(PLAN);
  }
  const home = await page.request.post("/api/get_home", { headers: { origin: new URL(page.url()).origin } });
  expect(home.status()).toBe(403);
  expect(await home.text()).not.toContain("Ben");
  await page.goto("/");
  await expect(page).toHaveURL(PLAN);
  await waitForHydration(page);

  // Only the PSW's PIN takes it back; then the caseload is theirs again.
  await page.getByRole("button", { name: "Hand back to staff" }).click();
  const lock = page.getByRole("dialog", { name: "Alongside is locked" });
  await lock.getByLabel("PIN", { exact: true }).fill(TEST_PIN);
  await lock.getByRole("button", { name: "Unlock" }).click();
  await expect(page).toHaveURL("/patients/patient-001");
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Today's caseload" })).toBeVisible();
  expect((await context.cookies()).map((c) => c.name)).not.toContain("alongside_hand_back");
});
