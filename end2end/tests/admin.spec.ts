import { test, expect } from "@playwright/test";
import { expectNoAccessibilityViolations, signIn, waitForHydration } from "./support/helpers";

// Resetting or deactivating is tested in Rust (server/tests/api/admin_staff.rs):
// both browser projects share one server, so the browser suite changes no account.
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
