// Tap-to-stored benchmark (not a test): how long saving a session note takes
// on the phone when its outbox already holds many unsent records.
//
// Starts the release server on a fresh database, signs in as the demo PSW in
// Debian's Chromium (phone-sized), opens a patient, stops the server and goes
// offline, fills the outbox through the real form, then taps "Save session"
// some more times and prints medians of:
//   stored  - from the tap reaching the app to the record being in storage
//             (the app's own performance marks alongside-tap/alongside-saved),
//   handled - the whole tap (save plus the redraw it starts),
//   shown   - from the tap to the new record being on the page, marked
//             "On this phone only" (a MutationObserver on the timeline sees
//             it go in; the time is taken as its callback starts),
//   painted - from the tap to the next frame on screen (this includes the
//             wait for the display's next frame, up to 16.7 ms at 60 Hz).
//
// The timeline shows its newest 30 entries; taps started in the same minute
// tie, so more than 30 timed taps would push some of their own below it.
//
//   node end2end/bench/device.mjs [--outbox 1000] [--taps 25] [--port 3950]
import { chromium } from "@playwright/test";
import { startServer, stopServer, waitForHealth } from "../tests/support/serve.mjs";
import { signInAsPsw } from "./sign-in.mjs";
import { chromiumArgs, chromiumPath } from "../tests/support/chromium.mjs";

function flag(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const outbox = flag("outbox", 1000);
const taps = flag("taps", 25);
const port = flag("port", 3950);
const url = `http://127.0.0.1:${port}`;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const server = startServer(port);
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
try {
  await waitForHealth(url, server);
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await signInAsPsw(page, url);
  await page.goto(`${url}/patients/patient-001`);
  await page.waitForSelector("html[data-hydrated]");
  await stopServer(server);
  await context.setOffline(true);

  // Fill the outbox through the form itself, in one go.
  const filled = await page.evaluate(async (count) => {
    const form = document.getElementById("note").form;
    const note = document.getElementById("note");
    const started = document.getElementById("started");
    // A stay's worth of contacts, a minute apart over the last two days, so
    // the timed ones (started now, by the form's default) are the newest.
    const local = (ms) => new Date(ms - new Date(ms).getTimezoneOffset() * 60000).toISOString().slice(0, 16);
    const first = Date.now() - 2 * 24 * 60 * 60 * 1000;
    for (let i = 0; i < count; i++) {
      note.value = `Benchmark note ${i}: talked about sleep, the ward garden and plans for leave.`;
      started.value = local(first + i * 60 * 1000);
      form.requestSubmit();
      if (i % 50 === 0) await new Promise((r) => setTimeout(r, 0));
    }
    return Object.keys(localStorage).filter((k) => k.startsWith("alongside.outbox.")).length;
  }, outbox);

  const stored = [];
  const handled = [];
  const shown = [];
  const painted = [];
  for (let i = 0; i < taps; i++) {
    await page.getByLabel("Note", { exact: true }).fill(`Timed note ${i}: a short chat about the day.`);
    const figures = await page.evaluate(async (text) => {
      performance.clearMarks();
      const button = document.getElementById("note").form.querySelector("button[type=submit]");
      let showing = NaN;
      const seen = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          const now = performance.now();
          // The card goes in as "Saving on this phone…" and says "On this
          // phone only" once the journal has it: look at the cards, not
          // only at what was added.
          const cards = [...document.querySelectorAll(".timeline__list li")];
          if (cards.some((n) => n.textContent.includes(text) && n.textContent.includes("On this phone only"))) {
            showing = now;
            observer.disconnect();
            resolve();
          }
        });
        observer.observe(document.querySelector(".timeline__list"), { childList: true, subtree: true, characterData: true });
        setTimeout(resolve, 10000);
      });
      const start = performance.now();
      button.click();
      const done = performance.now();
      await new Promise((r) => requestAnimationFrame(() => r()));
      const frame = performance.now();
      await seen;
      const tap = performance.getEntriesByName("alongside-tap")[0];
      const saved = performance.getEntriesByName("alongside-saved")[0];
      return {
        stored: saved && tap ? saved.startTime - tap.startTime : NaN,
        handled: done - start,
        shown: showing - start,
        painted: frame - start,
      };
    }, `Timed note ${i}:`);
    stored.push(figures.stored);
    handled.push(figures.handled);
    shown.push(figures.shown);
    painted.push(figures.painted);
  }
  const unsent = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("alongside.outbox.")).length);
  const used = await page.evaluate(() => Object.entries(localStorage).reduce((n, [k, v]) => n + k.length + v.length, 0));
  console.log(`outbox before the timed taps: ${filled} records; after: ${unsent}; localStorage ${(used / 1024).toFixed(0)} K characters`);
  console.log(`tap to stored:  median ${median(stored).toFixed(2)} ms  (max ${Math.max(...stored).toFixed(2)}, ${taps} taps)`);
  console.log(`whole tap:      median ${median(handled).toFixed(2)} ms`);
  console.log(`tap to shown:   median ${median(shown).toFixed(2)} ms  (max ${Math.max(...shown).toFixed(2)})`);
  console.log(`tap to painted: median ${median(painted).toFixed(2)} ms`);
  if (unsent !== filled + taps || stored.some(Number.isNaN) || shown.some(Number.isNaN)) {
    console.error("Some taps were not stored or not shown: the figures above are not to be trusted.");
    process.exitCode = 1;
  }
} finally {
  await browser.close();
  await stopServer(server);
}
