// How Debian's Chromium is started for the browser tests and benchmarks: no
// browser is downloaded, and nothing it does reaches beyond this machine.
export const chromiumPath = process.env.CHROMIUM ?? "/usr/bin/chromium";
export const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
