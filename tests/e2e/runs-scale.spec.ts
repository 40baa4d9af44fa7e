import { expect, test } from "@playwright/test";
import { owner } from "./support/owner";
import { createRun, ownerApi } from "./support/tracking";

// Its own project per run of the suite, so a re-run against a live instance counts only its runs.
const project = `${owner.workspace}/scale-${Date.now().toString(36)}`;
const RUNS = 1000;
const CONCURRENCY = 25;

test("a thousand runs render at once, virtualized", async ({ page }) => {
  test.setTimeout(180_000);
  const api = await ownerApi();
  const created = Date.now();
  try {
    for (let i = 0; i < RUNS; i += CONCURRENCY) {
      await Promise.all(
        Array.from({ length: Math.min(CONCURRENCY, RUNS - i) }, (_, j) =>
          createRun(api, { project, name: `sweep-${String(i + j).padStart(4, "0")}`, params: { lr: (i + j + 1) / 10_000, seed: i + j } }),
        ),
      );
    }
  } finally {
    await api.dispose();
  }
  console.log(`created ${RUNS} runs in ${Date.now() - created} ms`);

  // Stamps, in page time (ms since navigation start), the first frame painted with a run row in it.
  await page.addInitScript(() => {
    const stamp = window as Window & { firstRowsAt?: number };
    new MutationObserver((_, observer) => {
      if (!document.querySelector('[data-testid="run-row"]')) return;
      observer.disconnect();
      requestAnimationFrame(() => {
        stamp.firstRowsAt = performance.now();
      });
    }).observe(document, { childList: true, subtree: true });
  });

  const rows = page.getByTestId("run-row");
  const start = Date.now();
  await page.goto(`/${project}`, { waitUntil: "commit" });
  await expect(rows.first()).toBeVisible({ timeout: 15_000 });
  const seenAfter = Date.now() - start;
  await expect(page.getByTestId("runs-count")).toHaveText("1,000 runs");
  const painted = await page.evaluate(() => Math.round((window as Window & { firstRowsAt?: number }).firstRowsAt ?? Number.NaN));
  console.log(`1,000 runs: first rows painted ${painted} ms after navigation start (seen by the test after ${seenAfter} ms)`);
  test.info().annotations.push({ type: "first rows painted (ms)", description: String(painted) });

  // Only the rows in view (plus a margin) are in the DOM.
  const inDom = await rows.count();
  expect(inDom).toBeGreaterThan(5);
  expect(inDom).toBeLessThan(100);

  // Newest first: the last row is the first run created, reachable by scrolling.
  await page.getByRole("region", { name: "Runs" }).evaluate((box) => box.scrollTo({ top: box.scrollHeight }));
  await expect(page.getByRole("link", { name: "sweep-0000", exact: true })).toBeVisible();
  expect(await rows.count()).toBeLessThan(100);

  expect(painted, "a generous sanity bound, not a benchmark").toBeLessThan(5000);
});
