import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";
import { BASE_URL, HTTP_PORT, SMTP_HOST, SMTP_PORT } from "./fixtures/ports.js";

const serverEntry = new URL("../server/dist/main.js", import.meta.url);

// The tests run the production build; without it Playwright would only report
// a cryptic webServer exit. The root `pnpm test` builds before testing.
if (!existsSync(serverEntry)) {
  throw new Error("server/dist/main.js is missing: run `pnpm build` at the repository root first.");
}

export default defineConfig({
  testDir: "./tests",
  reporter: "list",
  forbidOnly: !!process.env["CI"],
  fullyParallel: false,
  // The tests share one server and its message count, so they run one at a time.
  workers: 1,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: BASE_URL,
    browserName: "chromium",
    // Playwright's own browser downloads are unreachable here; Debian's
    // Chromium is installed by scripts/install-test-deps.sh instead.
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
    trace: "retain-on-failure",
  },
  webServer: {
    command: `node ../server/dist/main.js --smtp ${SMTP_HOST}:${SMTP_PORT} --listen 127.0.0.1:${HTTP_PORT}`,
    url: BASE_URL,
    reuseExistingServer: false,
    timeout: 30_000,
    // The server logs every message; ten thousand lines would bury the results.
    stdout: "ignore",
    stderr: "pipe",
    // The server promises a clean exit on SIGTERM; SIGKILL (the default)
    // would hide a shutdown bug.
    gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
  },
});
