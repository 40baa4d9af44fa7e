import { expect, request, test, type APIRequestContext, type Browser, type BrowserContext, type Locator, type Page } from "@playwright/test";
import { owner, ownerStorageState } from "./support/owner";
import { createRun, e2eUrl, logSeries, ownerApi } from "./support/tracking";

const project = `${owner.workspace}/live-together`;
const viewer = { name: "Linus Pauling", email: `linus-${Date.now()}@example.com`, password: "a viewer's long password" };

let api: APIRequestContext;
let runId = "";
let viewerContext: BrowserContext;

/** Invites a viewer with the owner's session and signs them up; returns their signed-in browser context. */
async function signUpViewer(browser: Browser): Promise<BrowserContext> {
  const baseURL = e2eUrl();
  const ownerSession = await request.newContext({ baseURL, storageState: ownerStorageState, extraHTTPHeaders: { origin: baseURL } });
  const guest = await request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
  try {
    const invited = await ownerSession.post(`/api/v1/workspaces/${owner.workspace}/invitations`, { data: { role: "viewer", email: viewer.email } });
    expect(invited.status()).toBe(201);
    const { token } = (await invited.json()) as { token: string };
    const signedUp = await guest.post("/api/v1/auth/sign-up/email", { data: { name: viewer.name, email: viewer.email, password: viewer.password, invitation: token } });
    expect(signedUp.ok(), await signedUp.text()).toBe(true);
    return await browser.newContext({ storageState: await guest.storageState() });
  } finally {
    await ownerSession.dispose();
    await guest.dispose();
  }
}

/** Resolves once the chart of `key` draws `value`; polls inside the page every frame, so the wait measures the page, not the test's round trips. */
async function waitForDrawn(page: Page, key: string, value: number, timeout: number): Promise<void> {
  await page.waitForFunction(
    ([k, v]) => {
      const plot = document.querySelector<HTMLElement & { data?: { y?: unknown[] }[] }>(`[data-testid="metric-chart"][data-metric-key="${k}"] .js-plotly-plot`);
      return (plot?.data ?? []).some((trace) => (trace.y ?? []).includes(v));
    },
    [key, value] as const,
    { timeout, polling: "raf" },
  );
}

/** Every y value drawn in the chart of `key`. */
function drawnValues(page: Page, key: string): Promise<number[]> {
  return page.locator(`[data-testid="metric-chart"][data-metric-key="${key}"] .js-plotly-plot`).evaluate((plot: HTMLElement & { data?: { y?: unknown[] }[] }) =>
    (plot.data ?? []).flatMap((trace) => (trace.y ?? []).filter((y): y is number => typeof y === "number")),
  );
}

const watcher = (page: Page, name: string): Locator => page.locator(`[data-testid="watcher"][data-name="${name}"]`);

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  api = await ownerApi();
  runId = await createRun(api, { project, name: "live-shared", params: { lr: 0.01 } });
  const steps = Array.from({ length: 20 }, (_, i) => i);
  await logSeries(api, runId, [{ key: "train/loss", steps, values: steps.map((s) => 2 / (1 + s)) }]);
  viewerContext = await signUpViewer(browser);
});

test.afterAll(async () => {
  await viewerContext.close();
  await api.dispose();
});

test("two people on one run page see a logged point within a second and each other among the watchers", async ({ page }) => {
  // Each page's first chart waits for Plotly (a megabyte) to load and parse, slow on a busy machine.
  test.setTimeout(60_000);
  const other = await viewerContext.newPage();
  const url = `/${project}/runs/${runId}?tab=charts`;
  await Promise.all([page.goto(url), other.goto(url)]);

  for (const p of [page, other]) {
    const chart = p.locator('[data-testid="metric-chart"][data-metric-key="train/loss"]');
    await expect(chart.locator(".main-svg").first()).toBeVisible({ timeout: 20_000 });
    await expect(p.getByTestId("live-status")).toHaveAttribute("data-status", "live");
  }
  await expect(watcher(page, viewer.name)).toBeAttached();
  await expect(watcher(other, owner.name)).toBeAttached();
  await expect(watcher(page, owner.name)).toBeAttached();

  // History is drawn first; the new point streams in and is appended on both pages.
  expect(await drawnValues(page, "train/loss")).not.toContain(123.5);
  await logSeries(api, runId, [{ key: "train/loss", steps: [20], values: [123.5] }]);
  await Promise.all([waitForDrawn(page, "train/loss", 123.5, 1_000), waitForDrawn(other, "train/loss", 123.5, 1_000)]);

  // A key the run starts logging while the page is open gets its own chart, live.
  await logSeries(api, runId, [{ key: "val/acc", steps: [0, 1], values: [0.5, 0.75] }]);
  for (const p of [page, other]) {
    const chart = p.locator('[data-testid="metric-chart"][data-metric-key="val/acc"]');
    await chart.scrollIntoViewIfNeeded();
    await expect.poll(() => drawnValues(p, "val/acc")).toContain(0.75);
  }

  // Leaving the page leaves the watchers.
  await other.close();
  await expect(watcher(page, viewer.name)).toHaveCount(0);
});

test("a comment posted by the owner appears on the viewer's page; the viewer cannot post", async ({ page }) => {
  const other = await viewerContext.newPage();
  const url = `/${project}/runs/${runId}`;
  await Promise.all([page.goto(url), other.goto(url)]);
  await expect(other.getByTestId("live-status")).toHaveAttribute("data-status", "live");

  const body = `Loss spikes at step 20 (${Date.now()})`;
  const composer = page.getByRole("combobox", { name: "Comment on this run…" });
  await composer.fill(body);
  await page.getByRole("button", { name: "Comment", exact: true }).click();
  await expect(page.getByText(body)).toBeVisible();
  await expect(other.getByText(body)).toBeVisible({ timeout: 2_000 });

  await expect(other.getByRole("combobox", { name: "Comment on this run…" })).toHaveCount(0);
  const attempt = await other.evaluate(async (id) => {
    const response = await fetch(`/api/v1/runs/${id}/comments`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ body: "sneaky" }) });
    return response.status;
  }, runId);
  expect(attempt).toBe(403);
});

test("a comment on a step range shades it on the chart and opens from there; zooming offers to comment on the steps shown", async ({ page }) => {
  test.setTimeout(60_000);
  const body = `Plateau from step 5 to 10 (${Date.now()})`;
  const created = await api.post(`/api/v1/runs/${runId}/comments`, { data: { body, anchor: { key: "train/loss", fromStep: 5, toStep: 10 } } });
  expect(created.status()).toBe(201);

  await page.goto(`/${project}/runs/${runId}?tab=charts`);
  const chart = page.locator('[data-testid="metric-chart"][data-metric-key="train/loss"]');
  await expect(chart.locator(".main-svg").first()).toBeVisible({ timeout: 20_000 });
  await expect
    .poll(() => chart.locator(".js-plotly-plot").evaluate((plot: HTMLElement & { layout?: { shapes?: { x0?: unknown; x1?: unknown }[] } }) => (plot.layout?.shapes ?? []).map((s) => [s.x0, s.x1])))
    .toContainEqual([5, 10]);
  await chart.getByRole("list", { name: "Comments on this chart" }).getByRole("button").click();
  await expect(page.getByRole("article").filter({ hasText: body })).toBeVisible();

  // Drag across the plot to zoom in: the chart then offers a comment anchored to those steps.
  const area = chart.locator(".nsewdrag").first();
  const box = await area.boundingBox();
  if (!box) throw new Error("the plot area has no box");
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await chart.getByRole("button", { name: "Comment" }).click();
  await expect(page.getByRole("combobox", { name: "Comment on this range…" })).toBeFocused();
});
