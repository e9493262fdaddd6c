// Prints raw, gzip and brotli sizes of the files in a pkg folder.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

const dir = process.argv[2];
const files = readdirSync(dir).filter((f) => /\.(wasm|js|css)$/.test(f)).sort();
const kb = (n) => (n / 1024).toFixed(1).padStart(8);
let total = { raw: 0, gzip: 0, brotli: 0 };
console.log(`${"file".padEnd(28)} ${"raw KB".padStart(8)} ${"gzip KB".padStart(8)} ${"br KB".padStart(8)}`);
for (const f of files) {
  const data = readFileSync(join(dir, f));
  const sizes = {
    raw: data.length,
    gzip: gzipSync(data, { level: 9 }).length,
    brotli: brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
  for (const k of Object.keys(total)) total[k] += sizes[k];
  console.log(`${f.padEnd(28)} ${kb(sizes.raw)} ${kb(sizes.gzip)} ${kb(sizes.brotli)}`);
}
console.log(`${"total".padEnd(28)} ${kb(total.raw)} ${kb(total.gzip)} ${kb(total.brotli)}`);
const budget = Number(process.env.SIZE_BUDGET_KB ?? 225);
console.log(`budget: ${budget} KB brotli — ${total.brotli / 1024 <= budget ? "within" : "OVER"}`);
