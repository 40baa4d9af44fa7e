import path from "node:path";
import { defineConfig } from "@playwright/test";
import { ownerStorageState } from "./support/owner";

const root = path.resolve(import.meta.dirname, "../..");

/**
 * Browser tests against the production build (`npm run build` first). The global setup
 * starts `labbook serve` on a free port with a fresh embedded database and publishes its
 * URL in LABBOOK_E2E_URL; set that variable yourself to test an already running, fresh
 * instance instead.
 */
export default defineConfig({
  testDir: ".",
  outputDir: path.join(root, "test-results"),
  globalSetup: "./support/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  // Budgets, not performance claims: on a busy two-core machine (the build and both vitest
  // runs just before) a notebook test with live charts has taken 3–4× as long as on a quiet one
  // (33 s against 9 s).
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never", outputFolder: path.join(root, "playwright-report") }]] : "list",
  use: {
    baseURL: process.env.LABBOOK_E2E_URL,
    browserName: "chromium",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
      ],
    },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    { name: "first-run", testMatch: /first-run\.setup\.ts$/ },
    {
      name: "signed-in",
      testMatch: /\.spec\.ts$/,
      dependencies: ["first-run"],
      use: { storageState: ownerStorageState },
    },
  ],
});
