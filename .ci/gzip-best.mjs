// Rewrites each .gz that `cargo leptos build -P` wrote beside the site's
// files at zlib's best level: its own gzip (libflate) made the main
// download 396 KB against 346 at level 9, more than the server's on-the-fly
// gzip sends. Browsers that take brotli get the .br files; these are for
// the rest.
//   node .ci/gzip-best.mjs target/site
import { readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.name.endsWith(".gz") && existsSync(path.slice(0, -3))) {
      writeFileSync(path, gzipSync(readFileSync(path.slice(0, -3)), { level: 9 }));
    }
  }
}
walk(process.argv[2]);
