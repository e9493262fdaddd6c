import { test, expect } from "@playwright/test";
import { expectNoAccessibilityViolations, signIn, waitForHydration } from "./support/helpers";

test("the change-password page explains the rules and refuses a short password", async ({ page }) => {
  await signIn(page, "nurse");
  await page.getByRole("link", { name: "Change password" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Change your password" })).toBeVisible();
  await waitForHydration(page);
  await expectNoAccessibilityViolations(page);
  await page.getByLabel("Current password").fill("walk-alongside-2026");
  await page.getByLabel("New password", { exact: true }).fill("too short");
  await page.getByLabel("New password again").fill("too short");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("alert")).toContainText("Use at least 12 characters");
});
