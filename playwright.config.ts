import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3210);
// http://localhost (not 127.0.0.1): Chromium treats localhost as a secure context, so the app's Secure cookies work.
const baseURL = `http://localhost:${port}`;

// A system Chromium (Debian package) where there is one; otherwise Playwright's bundled Chromium.
const SYSTEM_CHROMIUM = "/usr/bin/chromium";
const systemChromium = existsSync(SYSTEM_CHROMIUM);

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    trace: "off",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: systemChromium
          ? {
              executablePath: SYSTEM_CHROMIUM,
              args: [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
              ],
            }
          : {},
      },
    },
  ],
  webServer: {
    // `node --import tsx`, not `npx tsx`: the tsx CLI relays SIGTERM to its child and SIGKILLs it when the child
    // does not acknowledge within ~60 ms (an event loop busy in PGlite's WASM), which would skip the clean-up.
    command: "node --import tsx tests/support/e2e-server.ts",
    url: `${baseURL}/healthz`,
    env: { E2E_PORT: String(port), E2E_EXIT_WITH_STDIN: "1" },
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    // SIGTERM lets the launcher close the server and drop its database (or temp dir) before exiting.
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
  },
});
