import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { owner } from "./support/owner";
import { createRun, logSeries, ownerApi } from "./support/tracking";

const project = `${owner.workspace}/compare-view`;
const runs = [
  { name: "sgd-lr-0.1", params: { lr: 0.1, batch_size: 128, optimizer: { name: "sgd" } }, scale: 1 },
  { name: "adam-lr-0.01", params: { lr: 0.01, batch_size: 128, optimizer: { name: "adam" } }, scale: 0.6 },
  { name: "adam-lr-0.001", params: { lr: 0.001, batch_size: 128, optimizer: { name: "adam" } }, scale: 0.8 },
];

let api: APIRequestContext;
const ids: string[] = [];

/** The names of the line traces drawn in the chart of `key` (bands have none). */
function traceNames(page: Page, key: string): Promise<string[]> {
  return page.locator(`[data-testid="metric-chart"][data-metric-key="${key}"] .js-plotly-plot`).evaluate((plot: HTMLElement & { data?: { name?: string; showlegend?: boolean }[] }) =>
    (plot.data ?? []).flatMap((trace) => (trace.name && trace.showlegend !== false ? [trace.name] : [])),
  );
}

test.beforeAll(async () => {
  api = await ownerApi();
  for (const run of runs) {
    const id = await createRun(api, { project, name: run.name, params: run.params });
    const steps = Array.from({ length: 50 }, (_, i) => i * 10);
    await logSeries(api, id, [
      { key: "train/loss", steps, values: steps.map((s) => run.scale * Math.exp(-s / 200)) },
      { key: "val/acc", steps: [490], values: [1 - run.scale / 2] },
    ]);
    ids.push(id);
  }
});

test.afterAll(async () => {
  await api.dispose();
});

test("compare overlays the runs' curves, groups them by a param, and highlights the params that differ", async ({ page }) => {
  // The first chart waits for Plotly (a megabyte) to load and parse, slow on a busy machine.
  test.setTimeout(60_000);
  await page.goto(`/${project}/compare?runs=${ids.join(",")}`);
  await expect(page.getByRole("heading", { name: "Comparing 3 runs" })).toBeVisible();
  await expect(page.getByTestId("compare-run")).toHaveCount(3);

  const loss = page.locator('[data-testid="metric-chart"][data-metric-key="train/loss"]');
  await expect(loss.locator(".main-svg").first()).toBeVisible({ timeout: 20_000 });
  await expect.poll(() => traceNames(page, "train/loss")).toEqual(runs.map((r) => r.name));

  // Params: lr and the optimizer differ, batch size does not; the odd cells are marked.
  const row = (param: string) => page.locator(`[data-testid="param-row"][data-param="${param}"]`);
  await expect(row("lr")).toHaveAttribute("data-differs", "true");
  await expect(row("optimizer.name")).toHaveAttribute("data-differs", "true");
  await expect(row("batch_size")).toHaveAttribute("data-differs", "false");
  await expect(row("optimizer.name").locator('td[data-differs="true"]')).toHaveText(["sgd"]);
  await expect(page.getByTestId("params-differing")).toHaveText("2 of 3 differ");
  await page.getByLabel("Only differences").click();
  await expect(row("batch_size")).toHaveCount(0);

  // Grouped by optimizer: one mean line per group, with the count of runs behind it.
  await page.getByRole("combobox", { name: "Group runs by" }).click();
  await page.getByRole("option", { name: "group by optimizer.name" }).click();
  await expect.poll(() => traceNames(page, "train/loss")).toEqual(["optimizer.name = adam (2 runs)", "optimizer.name = sgd (1 run)"]);

  // Unticking a run takes it off the charts.
  await page.getByRole("combobox", { name: "Group runs by" }).click();
  await page.getByRole("option", { name: "No grouping" }).click();
  await page.getByRole("checkbox", { name: `Show ${runs[0]?.name}` }).click();
  await expect.poll(() => traceNames(page, "train/loss")).toEqual(runs.slice(1).map((r) => r.name));

  // Params against a metric: the scatter draws one dot per run that logged it.
  const scatter = page.getByTestId("param-scatter");
  await scatter.scrollIntoViewIfNeeded();
  await expect(scatter.locator(".main-svg").first()).toBeVisible();
  // Parallel coordinates: one line per shown run; dragging along the lr axis keeps the runs in that stretch.
  const parallel = page.getByTestId("parallel-coordinates");
  await parallel.scrollIntoViewIfNeeded();
  const lines = parallel.getByTestId("parallel-line");
  await expect(lines).toHaveCount(2);
  const lr = parallel.getByLabel("Filter by lr");
  const box = await lr.boundingBox();
  if (!box) throw new Error("the lr axis is not drawn");
  await page.mouse.move(box.x + box.width / 2, box.y + 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.3, { steps: 4 });
  await page.mouse.up();
  await expect(parallel.getByTestId("parallel-selected")).toHaveText("1 of 2 runs");
  await expect(parallel.locator('[data-testid="parallel-line"][data-active="true"]')).toHaveCount(1);
  await parallel.getByRole("button", { name: "Clear" }).click();
  await expect(parallel.locator('[data-testid="parallel-line"][data-active="true"]')).toHaveCount(2);
});

test("compare without runs explains how to choose some", async ({ page }) => {
  await page.goto(`/${project}/compare`);
  await expect(page.getByText("No runs to compare")).toBeVisible();
  await page.goto(`/${project}/compare?runs=00000000-0000-4000-8000-000000000000`);
  await expect(page.getByText("1 of the requested runs could not be found in this project.")).toBeVisible();
});
