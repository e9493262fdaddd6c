import { test, expect } from "@playwright/test";
import { expectNoAccessibilityViolations, signIn, waitForHydration } from "./support/helpers";

// Resetting, deactivating, ward changes and deployments are tested in Rust
// (server/tests/api/admin_*.rs). Both browser projects share one server, so
// the browser suite changes no demo account: it only adds its own.
test("an administrator lands on the staff accounts, each with its wards and actions", async ({ page }) => {
  await signIn(page, "admin");
  await expect(page.getByRole("heading", { level: 1, name: "Staff accounts" })).toBeVisible();
  const sam = page.getByRole("region", { name: "Sam Okafor" });
  await expect(sam).toContainText("Rowan Ward, Willow Ward");
  await expect(sam.getByRole("button", { name: "Deactivate Sam Okafor" })).toBeVisible();
  await expect(sam.getByRole("button", { name: "Reset password for Sam Okafor" })).toBeVisible();
  await waitForHydration(page);
  await expectNoAccessibilityViolations(page);
});

test("an administrator adds a nurse to two wards and is given a temporary password", async ({ page }, testInfo) => {
  const name = `Robin Tester ${testInfo.project.name}`;
  const username = `robin.${testInfo.project.name}.${Date.now()}`;
  await signIn(page, "admin");
  await waitForHydration(page);
  await page.getByText("Add a member of staff").click();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Username").fill(username);
  await page.getByRole("radio", { name: "Nurse in charge" }).first().check();
  await page.getByRole("checkbox", { name: "Kestrel Ward, Harbour View Hospital" }).first().check();
  await page.getByRole("checkbox", { name: "Heron Ward, Harbour View Hospital" }).first().check();
  await expectNoAccessibilityViolations(page);
  await page.getByRole("button", { name: "Add account" }).click();

  await expect(page.getByRole("status").filter({ hasText: "The account was added" })).toBeVisible();
  await expect(page.locator(".temporary-password")).toHaveText(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
  const card = page.getByRole("region", { name });
  await expect(card).toContainText("Nurse in charge · Heron Ward, Kestrel Ward");
  await page.screenshot({ path: `screenshots/${testInfo.project.name}/admin-staff.png`, fullPage: true });

  // A second account with the same username is refused in words, in place.
  // The form was emptied for the next account.
  if (!(await page.getByLabel("Username").isVisible())) await page.getByText("Add a member of staff").click();
  await expect(page.getByLabel("Username")).toHaveValue("");
  await page.getByLabel("Username").fill(username);
  await page.getByRole("checkbox", { name: "Kestrel Ward, Harbour View Hospital" }).first().check();
  await page.getByLabel("Name", { exact: true }).fill("Someone Else");
  await page.getByRole("button", { name: "Add account" }).click();
  await expect(page.getByRole("alert")).toContainText("That username is already taken");
});

test("an administrator lists a community resource and the PSW's contact form offers it", async ({ page, browser }, testInfo) => {
  const name = `Seaside Allotment Project (${testInfo.project.name})`;
  await signIn(page, "admin");
  await waitForHydration(page);
  await page.getByRole("link", { name: "Community resources directory" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Community resources" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Harbour Recovery College" })).toBeVisible();
  await waitForHydration(page);
  await page.getByText("Add a resource").click();
  await page.getByRole("button", { name: "Add resource" }).click();
  await expect(page.getByRole("alert")).toHaveText("Enter the resource's name.");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("What it offers").fill("Gardening two mornings a week; tools and tea provided.");
  await page.getByLabel("How to reach it (optional)").fill("01632 960 123");
  await page.getByRole("button", { name: "Add resource" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expectNoAccessibilityViolations(page);
  await page.screenshot({ path: `screenshots/${testInfo.project.name}/admin-resources.png`, fullPage: true });

  const pswContext = await browser.newContext();
  try {
    const psw = await pswContext.newPage();
    const base = new URL(page.url()).origin;
    await signIn(psw, "psw", undefined, base);
    await psw.goto(`${base}/patients/patient-001`);
    await waitForHydration(psw);
    await psw.getByText("Lived experience, planned activity, signposting").click();
    await expect(psw.getByRole("checkbox", { name })).toBeVisible();
  } finally {
    await pswContext.close();
  }
  // Taken off the list again, so the directory stays as the demo has it.
  await page.getByRole("button", { name: `Take ${name} off the list` }).click();
  await expect(page.getByRole("heading", { name })).toHaveCount(0);
});
