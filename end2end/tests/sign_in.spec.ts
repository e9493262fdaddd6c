import { test, expect } from "@playwright/test";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants } from "node:zlib";
import { expectNoAccessibilityViolations, signIn } from "./support/helpers";

test("the sign-in page is accessible and asks for a username and password", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await expect(page.getByLabel("Username")).toBeVisible();
  await expect(page.getByLabel("Password")).toBeVisible();
  await expectNoAccessibilityViolations(page);
});

test("a wrong password shows a clear message and signs nobody in", async ({ page }) => {
  await signIn(page, "psw", "not-the-right-password");
  const problem = page.getByRole("alert");
  await expect(problem).toContainText("The username or password is not right");
  await expect(page.getByLabel("Password")).toBeVisible();
  const cookies = await page.context().cookies();
  expect(cookies.find((c) => c.name === "alongside_session")).toBeUndefined();
  await expectNoAccessibilityViolations(page);
});

test("an empty form asks for the username", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("Enter your username.");
});

test("the sign-in button is a comfortable touch target", async ({ page }) => {
  await page.goto("/login");
  const box = await page.getByRole("button", { name: "Sign in" }).boundingBox();
  expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
});

test("how to report a vulnerability is published at /.well-known/security.txt, signed in or not", async ({ request }) => {
  const answer = await request.get("/.well-known/security.txt");
  expect(answer.status()).toBe(200);
  expect(answer.headers()["content-type"]).toContain("text/plain");
  const text = await answer.text();
  expect(text).toMatch(/^Contact: mailto:\S+@\S+$/m);
  // RFC 9116: Expires is required and less than a year ahead.
  const expires = Date.parse(/^Expires: (\S+)$/m.exec(text)![1]);
  expect(expires).toBeGreaterThan(Date.now());
  expect(expires - Date.now()).toBeLessThan(366 * 24 * 3600 * 1000);
});

test("the app's files reach the phone compressed at brotli's best, as the size report counts them", async ({ request }) => {
  const pkg = resolve(fileURLToPath(import.meta.url), "../../../target/site/pkg");
  for (const file of ["alongside.wasm", "alongside.js", "alongside.css"]) {
    const answer = await request.get(`/pkg/${file}`, { headers: { "Accept-Encoding": "br, gzip" } });
    expect(answer.status(), file).toBe(200);
    expect(answer.headers()["content-encoding"], file).toBe("br");
    // The bytes on the wire: within 1% of brotli at quality 11 (Node's own
    // brotli, not the build's); on-the-fly compression (quality 4) sends
    // about a fifth more of the WebAssembly.
    const raw = readFileSync(join(pkg, file));
    const best = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    expect(Number(answer.headers()["content-length"]), file).toBeLessThanOrEqual(Math.ceil(best * 1.01));
    // And it opens to the file itself.
    expect((await answer.body()).equals(raw), file).toBe(true);
  }
});
