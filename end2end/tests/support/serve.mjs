// Starts the release server on a fresh database for one browser-test run.
// Used by playwright.config.ts's webServer and by tests that need a server
// of their own (for example one they can stop to be truly offline).
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(import.meta.url), "../../../..");
export const DEMO_PASSWORD = "walk-alongside-2026";

// `dir` names the folder of the database: pass the `dir` of an earlier
// server to start it again on the same data.
export function startServer(port, extraEnv = {}, dir = mkdtempSync(join(tmpdir(), "alongside-e2e-"))) {
  const child = spawn(join(root, "target/release/alongside"), [], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: `sqlite://${join(dir, "alongside.db")}`,
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: join(root, "target/site"),
      ALONGSIDE_DEMO: "1",
      ALONGSIDE_DEMO_PASSWORD: DEMO_PASSWORD,
      RUST_LOG: process.env.RUST_LOG ?? "warn",
      ...extraEnv,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  child.dir = dir;
  return child;
}

/** Stops a server and waits until it has gone. */
export async function stopServer(child) {
  if (child.exitCode !== null) return;
  child.kill("SIGTERM");
  await new Promise((resolve) => child.once("exit", resolve));
}

export async function waitForHealth(url, child, seconds = 30) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server at ${url} did not become healthy in ${seconds}s`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const child = startServer(Number(process.env.E2E_PORT ?? 3100));
  const stop = () => child.kill("SIGTERM");
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  child.on("exit", (code) => process.exit(code ?? 0));
}
