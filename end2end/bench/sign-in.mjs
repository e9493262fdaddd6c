// Signs in as the demo PSW through the real form and chooses the device
// PIN, as the benchmarks' phones do before anything is measured.
import { DEMO_PASSWORD } from "../tests/support/serve.mjs";

export async function signInAsPsw(page, url) {
  await page.goto(`${url}/login`);
  await page.getByLabel("Username").fill("psw");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForSelector("html[data-hydrated]");
  const choose = page.getByRole("dialog", { name: "Choose a PIN for this device" });
  await choose.getByLabel("PIN", { exact: true }).fill("2580");
  await choose.getByLabel("PIN again").fill("2580");
  await choose.getByRole("button", { name: "Save PIN" }).click();
  await choose.waitFor({ state: "hidden" });
}
