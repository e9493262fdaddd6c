import { test, expect, chromium, type Browser } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromiumArgs, chromiumPath } from "./support/chromium.mjs";
import { startServer, stopServer, waitForHealth } from "./support/serve.mjs";
import { choosePin, keepForOffline, signIn, waitForHydration } from "./support/helpers";

// Chromium writes localStorage to disk only seconds after a change, so a
// phone that dies just after Save would lose the note if localStorage were
// all there is. This kills the browser with SIGKILL one second after Save,
// starts it again on the same profile, and looks for the note.

async function launch(profile: string, port: number): Promise<{ process: ChildProcess; browser: Browser }> {
  const child = spawn(
    chromiumPath,
    [...chromiumArgs, `--user-data-dir=${profile}`, `--remote-debugging-port=${port}`, "--window-size=360,740", "about:blank"],
    { stdio: "ignore" },
  );
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    try {
      const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
      return { process: child, browser };
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  child.kill("SIGKILL");
  throw new Error("Chromium did not start");
}

test("a note saved offline survives the browser being killed one second later", async ({}, testInfo) => {
  const port = 3400 + testInfo.parallelIndex * 10 + (testInfo.project.name === "phone" ? 1 : 2);
  const debugPort = port + 100;
  const url = `http://127.0.0.1:${port}`;
  const profile = mkdtempSync(join(tmpdir(), "alongside-profile-"));
  let server = startServer(port);
  let first: Awaited<ReturnType<typeof launch>> | null = null;
  let second: Awaited<ReturnType<typeof launch>> | null = null;
  try {
    await waitForHealth(url, server);
    first = await launch(profile, debugPort);
    const page = await first.browser.contexts()[0].newPage();
    await signIn(page, "psw", undefined, url);
    await page.goto(`${url}/patients/patient-001`);
    await keepForOffline(page);

    await stopServer(server);
    const note = "Aisha asked for help phoning her sister.";
    await page.getByLabel("Note", { exact: true }).fill(note);
    await page.getByRole("button", { name: "Save session" }).click();
    await expect(page.getByText("Saved on this phone.")).toBeVisible();
    await new Promise((r) => setTimeout(r, 1000));
    first.process.kill("SIGKILL");
    await new Promise((resolve) => first!.process.once("exit", resolve));
    first = null;

    second = await launch(profile, debugPort);
    const again = await second.browser.contexts()[0].newPage();
    await again.goto(`${url}/patients/patient-001`);
    await waitForHydration(again);
    // The PIN was chosen only seconds before the crash, so its localStorage
    // copy may have died with the browser: then the app asks for one again.
    if (await again.getByRole("dialog", { name: "Choose a PIN for this device" }).isVisible()) {
      await choosePin(again);
    }
    const card = again.getByRole("listitem").filter({ hasText: note });
    await expect(card.getByText("On this phone only")).toBeVisible();
    const outbox = await again.evaluate(() =>
      Object.keys(localStorage).filter((k) => k.startsWith("alongside.outbox.")).map((k) => localStorage.getItem(k)),
    );
    expect(outbox.some((entry) => entry?.includes(note))).toBe(true);

    // Back online and signed in again, it reaches the server.
    server = startServer(port, {}, server.dir);
    await waitForHealth(url, server);
    await signIn(again, "psw", undefined, url).catch(() => undefined);
    await again.goto(`${url}/patients/patient-001`);
    await expect(again.getByRole("listitem").filter({ hasText: note }).getByText("Saved to server")).toBeVisible({ timeout: 30_000 });
  } finally {
    first?.process.kill("SIGKILL");
    if (second) {
      await second.browser.close().catch(() => undefined);
      second.process.kill("SIGKILL");
    }
    await stopServer(server);
  }
});
