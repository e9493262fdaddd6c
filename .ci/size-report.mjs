// Prints raw, gzip and brotli sizes of what a phone downloads from a pkg
// folder: the main download every page needs (WebAssembly, JavaScript, CSS),
// then each page split out of it with the chunks it fetches on first use.
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

const dir = process.argv[2];
const kb = (n) => (n / 1024).toFixed(1).padStart(8);
// What the server sends: the .br and .gz files the release build wrote
// beside each file (`cargo leptos build -P`), or, where there are none,
// what compressing it at the best level would give.
const served = (f, suffix, compress) => {
  const path = join(dir, `${f}${suffix}`);
  return existsSync(path) ? statSync(path).size : compress(readFileSync(join(dir, f))).length;
};
const measure = (f) => ({
  raw: statSync(join(dir, f)).size,
  gzip: served(f, ".gz", (data) => gzipSync(data, { level: 9 })),
  brotli: served(f, ".br", (data) => brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })),
});
const add = (a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli });
const zero = { raw: 0, gzip: 0, brotli: 0 };
const line = (name, s) => console.log(`${name.padEnd(40)} ${kb(s.raw)} ${kb(s.gzip)} ${kb(s.brotli)}`);

const all = readdirSync(dir).filter((f) => /\.(wasm|js|css)$/.test(f)).sort();
const isChunk = (f) => f.startsWith("chunk_") || f.startsWith("split_");
console.log(`${"main download (every page)".padEnd(40)} ${"raw KB".padStart(8)} ${"gzip KB".padStart(8)} ${"br KB".padStart(8)}`);
let main = zero;
for (const f of all.filter((f) => !isChunk(f))) {
  const s = measure(f);
  main = add(main, s);
  line(`  ${f}`, s);
}
line("main total", main);

const manifestPath = join(dir, "__wasm_split_manifest.json");
const routes = {};
if (existsSync(manifestPath)) {
  console.log("\npages split out (fetched the first time the page opens)");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  for (const [split, chunks] of Object.entries(manifest)) {
    const extra = chunks.map((c) => measure(`${c}.wasm`)).reduce(add, zero);
    const name = split.replace(/^__/, "").replace(/_view_\d+$/, "");
    routes[name] = chunks;
    line(`  ${name} (+${chunks.length} files)`, extra);
  }
}

// What a phone fetches in all to reach a screen from a fresh start: the
// main download and every chunk of each route on the way, a chunk shared by
// two routes counted once (issue 29's budgets: caseload 350, a patient's
// page reached from the caseload 450, the whole app 800 KB brotli; reported
// here, not yet enforced, until the work of that issue brings them within).
const reach = (...names) =>
  [...new Set(names.flatMap((n) => routes[n] ?? []))].map((c) => measure(`${c}.wasm`)).reduce(add, main);
if (routes.caseload_route) {
  console.log("\nto reach a screen from a fresh start (main download and the chunks on the way)");
  line("  the caseload", reach("caseload_route"));
  if (routes.patient_route) line("  a patient's page, from the caseload", reach("caseload_route", "patient_route"));
  line("  the whole app (every file)", all.map(measure).reduce(add, zero));
}
// 225 KB until the live dashboard (issue 8): its event-stream listeners,
// whatever form they took (web-sys EventSource or js-sys, FnMut or Fn,
// kept or handed to JS, its own route or the caseload's), made the splitter
// keep 30 KB of the pages' code in the main download, which a dashboard with
// no listeners did not. Raised to 240 while that is found out; see the
// issue's note. 245 since the shift card, the weekly return and the ward
// attendance pages (issue 8): the app's own code in the main module is
// 32 KB raw and none of those pages' code is in it; what grew (7 KB brotli)
// is library code the splitter keeps in main. Putting the three report pages
// on one route and one chunk saved 0.5 KB.
// 248 since issue 25 ("never lose a word"): telling a refusal from no
// signal with the server's reason, hearing the server's time from each
// answer, cutting requests by size and keeping outbox entries an earlier
// release wrote cost 3.5 KB brotli (244.1 to 247.6 on one machine, same
// toolchain, back to back); 1.6 KB of it was library code (Value's Display,
// Option's deserializer) that was then taken out again.
// 251 since issue 25's later holes: a concern that follows its patient to a
// new ward (where it was raised, when the server had its acknowledgement,
// on the home page's concern card) and a record that is "Saving on this
// phone…" until its journal write completes, with the form's message
// waiting for it, cost 1.8 KB brotli (247.6 to 249.4). The home page's
// concern list is the next thing to split out of the main download.
// 257 since Needs attention: Send again, sign-out that counts refused
// records and asks, and the lock screen's sign-out that keeps records not
// yet sent cost 6.8 KB brotli (249.3 to 256.1, back to back, same
// toolchain). twiggy finds under 10 KB raw in the new functions themselves;
// the rest of the 27 KB raw is not attributed yet (see issue 25's note).
// 258 since the journal says why it failed and counts what it brought back
// (for the This phone panel; every page that saves needs it): 257.1 KB on
// 2026-12-06. The same commit's parent built here measured 213.9 KB main
// and 320.5 KB for the caseload's chunks, against 256.1 on another machine:
// where wasm-split puts code moves between builds, which is why issue 29
// replaces this figure with what each screen fetches in all.
// 259 since Report a lost phone (issue 26): the answer "lost", its wipe and
// their strings (wasm-split keeps every data segment in main) cost 1.9 KB
// brotli (257.6 to 259.5); putting the staff, resources and phones pages on
// one route and one chunk won back 1.4 (258.1 on 2026-12-07).
// 273 since what the phone keeps is sealed (issue 26): AES-256-GCM and
// base64 in the WebAssembly (a write must know at once whether it was kept,
// and WebCrypto answers only asynchronously), the vault that opens the key
// with the server's key or the PIN, and handing it to the service worker
// cost 14.9 KB brotli (258.1 to 273.0, same machine, back to back). twiggy
// attributes about 23 KB raw to aes, polyval, aes-gcm, base64 and the vault
// before optimisation.
// 275 since the same code measures differently from one build to the
// next: a clean build of 66f1417 was 273.1 KB on CI's machine, over 273,
// and so was a clean build of 1c447df in a fresh clone here, where an
// incremental build of the same code had measured 271.3 (another, 273.2). A
// budget 0.1 KB above one build's figure fails at random, and a flaky test
// is a bug; 2 KB is the spread seen. Nothing was added to the main
// download for it. Issue 29 replaces this figure with what each screen
// fetches in all.
const budget = Number(process.env.SIZE_BUDGET_KB ?? 275);
const within = main.brotli / 1024 <= budget;
console.log(`\nbudget for the main download: ${budget} KB brotli — ${within ? "within" : "OVER"}`);
// Over budget fails the test command: a phone on a ward's signal pays for every KB.
if (!within) process.exitCode = 1;
