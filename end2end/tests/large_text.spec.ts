import { test, expect, type Page } from "@playwright/test";
import { choosePin, signIn } from "./support/helpers";

async function doubleTheText(page: Page) {
  await page.evaluate(() => {
    document.documentElement.style.fontSize = "200%";
  });
}

async function sidewaysOverflow(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test("with text at 200% the sign-in form still fits and works", async ({ page }) => {
  await page.goto("/login");
  await doubleTheText(page);
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  await page.getByLabel("Username").fill("psw");
  await page.getByLabel("Password").fill("walk-alongside-2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  // The PIN screen that follows fits too.
  await expect(page.getByRole("dialog", { name: "Choose a PIN for this device" })).toBeVisible();
  await doubleTheText(page);
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  await choosePin(page);
  await expect(page.getByRole("heading", { name: "Today's caseload" })).toBeVisible();
});

test("with text at 200% the caseload still fits the screen", async ({ page }) => {
  await signIn(page, "psw");
  await expect(page.getByRole("heading", { name: "Today's caseload" })).toBeVisible();
  await doubleTheText(page);
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
});

// Pictures of each screen for people to look at (end2end/screenshots/, not kept in git).
test("screenshots of the sign-in, caseload and patient screens", async ({ page }, testInfo) => {
  const dir = `screenshots/${testInfo.project.name}`;
  await page.goto("/login");
  await page.screenshot({ path: `${dir}/sign-in.png`, fullPage: true });
  await signIn(page, "psw", "wrong-password");
  await page.screenshot({ path: `${dir}/sign-in-wrong-password.png`, fullPage: true });
  await signIn(page, "psw");
  await expect(page.getByRole("heading", { name: "Today's caseload" })).toBeVisible();
  await page.screenshot({ path: `${dir}/caseload.png`, fullPage: true });
  await page.goto("/patients/patient-001");
  await expect(page.getByRole("heading", { level: 1, name: "Aisha" })).toBeVisible();
  await page.screenshot({ path: `${dir}/patient.png`, fullPage: true });
});
