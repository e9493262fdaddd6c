import { test, expect } from "@playwright/test";
import { expectNoAccessibilityViolations, signIn } from "./support/helpers";

test("a peer support worker opens a patient from the caseload", async ({ page }) => {
  await signIn(page, "psw");
  await page.getByRole("region", { name: /Willow Ward/ }).getByRole("link", { name: "Aisha" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Aisha" })).toBeVisible();
  await expect(page.getByText("Willow Ward, St Brigid's Hospital")).toBeVisible();
  await expectNoAccessibilityViolations(page);
  await page.getByRole("link", { name: "Back to today's caseload" }).click();
  await expect(page.getByRole("heading", { name: "Today's caseload" })).toBeVisible();
});

test("typing another ward's patient address shows the plain 'not on your wards' page", async ({ page }) => {
  await signIn(page, "psw");
  const response = await page.goto("/patients/patient-003");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Record not available" })).toBeVisible();
  await expect(page.getByText("This person is not on your wards.")).toBeVisible();
  await expect(page.getByText("Chloe")).toHaveCount(0);
  await expectNoAccessibilityViolations(page);
});

test("a manager reads who has looked at a patient's record", async ({ page }) => {
  await signIn(page, "manager");
  await page.goto("/patients/patient-001");
  await page.getByRole("link", { name: "Who has looked at this record" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Who has looked at this record" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "Opened the record" }).first()).toBeVisible();
  await expectNoAccessibilityViolations(page);
});
