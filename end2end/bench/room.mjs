// Storage benchmark (not a test): how many notes fit on a phone before it
// is full, in Debian's Chromium, through the real form.
//
// For each note length, a fresh browser profile signs in as the demo PSW,
// opens a patient, stops the server and goes offline, reads what the
// This phone panel would say (window.alongsideStorage.report and the same
// sum as app/src/domain/sync/room.rs), then saves notes of that length
// (plain English with curly apostrophes, as phones type them) until the app
// refuses one as full. Prints the panel's figure and the count that fitted.
//
//   node end2end/bench/room.mjs [--lengths 1000,20000] [--port 3960]
import { chromium } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, stopServer, waitForHealth } from "../tests/support/serve.mjs";
import { signInAsPsw } from "./sign-in.mjs";
import { chromiumArgs, chromiumPath } from "../tests/support/chromium.mjs";

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}
const lengths = option("lengths", "1000,20000").split(",").map(Number);
const port = Number(option("port", 3960));
const url = `http://127.0.0.1:${port}`;
// What the app counts for a kept note, sealed (app/src/domain/sync/room.rs,
// sealed_entry_chars): up to 3 bytes a character and ENTRY_OVERHEAD_CHARS
// around it, with nonce and tag, in base64, and the mark.
const OVERHEAD = 1000;
const sealedEntry = (length) => Math.ceil((3 * length + OVERHEAD + 28) / 3) * 4 + 64;

async function measure(length) {
  const server = startServer(port);
  const profile = mkdtempSync(join(tmpdir(), "alongside-room-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    args: chromiumArgs,
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
  });
  try {
    await waitForHealth(url, server);
    const page = context.pages()[0] ?? (await context.newPage());
    // A panic or an uncaught error would stop the app where it stands:
    // print it, so a run that ends without the full-phone refusal says why.
    page.on("pageerror", (error) => console.log(`page error: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error" && !message.text().includes("ERR_INTERNET_DISCONNECTED")) console.log(`console error: ${message.text().slice(0, 2000)}`);
    });
    await signInAsPsw(page, url);
    await page.goto(`${url}/patients/patient-001`);
    await page.waitForSelector("html[data-hydrated]");
    // Let the first sync bring the ward's records down, as on a real phone.
    await page.waitForTimeout(3000);
    await stopServer(server);
    await context.setOffline(true);

    const report = await page.evaluate(() => window.alongsideStorage.report());
    const entry = sealedEntry(length);
    const local = Math.floor(report.localRoom / entry);
    const disk = report.quota == null ? Infinity : Math.floor((report.quota - report.usage) / (2 * entry));
    const promised = Math.min(local, disk);

    const started = Date.now();
    const fitted = await page.evaluate(async (length) => {
      const text = (i) => {
        const words = `Note ${i}: we talked about Aisha’s week, the ward’s garden and what she’d like from leave. `;
        return words.repeat(Math.ceil(length / words.length)).slice(0, length);
      };
      const note = document.getElementById("note");
      const form = note.form;
      const outbox = () => Object.keys(localStorage).filter((k) => k.startsWith("alongside.outbox.")).length;
      const before = outbox();
      for (let i = 0; ; i++) {
        note.value = text(i);
        note.dispatchEvent(new Event("input", { bubbles: true }));
        const had = outbox();
        form.requestSubmit();
        if (i % 20 === 0) await new Promise((r) => setTimeout(r, 0));
        if (outbox() === had) {
          // The form says why on its next redraw.
          await new Promise((r) => setTimeout(r, 1000));
          if (outbox() > had) continue;
          const said = form.querySelector("[role=status]")?.textContent ?? "";
          return { count: had - before, refused: said.includes("storage is full"), said };
        }
      }
    }, length);
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `notes of ${length.toLocaleString("en-GB")} characters: the panel promised ${promised.toLocaleString("en-GB")}; ` +
        `${fitted.count.toLocaleString("en-GB")} fitted before the phone was full ` +
        `(full message shown: ${fitted.refused}${fitted.refused ? "" : `, said: ${fitted.said}`}; localStorage room at the start ${Math.round(report.localRoom).toLocaleString("en-GB")} characters; ` +
        `persisted: ${report.persisted}; ${seconds.toFixed(0)} s)`,
    );
    if (!fitted.refused || fitted.count < promised) process.exitCode = 1;
  } finally {
    await context.close();
    await stopServer(server);
  }
}

for (const length of lengths) await measure(length);
