import { expect, request, test, type APIRequestContext } from "@playwright/test";
import type { JSONContent } from "@tiptap/core";
import { prosemirrorJSONToYXmlFragment } from "@tiptap/y-tiptap";
import { editorSchema } from "@/lib/editor/schema";
import { EDITOR_FRAGMENT } from "@/lib/editor/schema-version";
import { openNotebookDoc } from "./support/notebook-doc";
import { owner, ownerStorageState } from "./support/owner";
import { createRun, e2eUrl, logSeries } from "./support/tracking";

const stamp = Date.now();
const project = `${owner.workspace}/charts-${stamp}`;
const CHARTS = 40;

let api: APIRequestContext;
let key = "";
let notebookId = "";

test.beforeAll(async () => {
  const baseURL = e2eUrl();
  const session = await request.newContext({ baseURL, storageState: ownerStorageState, extraHTTPHeaders: { origin: baseURL } });
  try {
    const keyed = await session.post("/api/v1/api-keys", { data: { name: `e2e charts ${stamp}` } });
    expect(keyed.status(), await keyed.text()).toBe(201);
    key = ((await keyed.json()) as { key: string }).key;
  } finally {
    await session.dispose();
  }
  api = await request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${key}` } });
  const runs: string[] = [];
  for (let i = 0; i < 3; i++) {
    const id = await createRun(api, { project, name: `sweep-${i}` });
    const steps = Array.from({ length: 500 }, (_, s) => s);
    await logSeries(api, id, [{ key: "loss", steps, values: steps.map((s) => (i + 1) / (1 + s)) }]);
    runs.push(id);
  }
  const created = await api.post("/api/v1/notebooks", { data: { project, title: "Forty charts" } });
  expect(created.status(), await created.text()).toBe(201);
  notebookId = ((await created.json()) as { id: string }).id;

  const content: JSONContent[] = [{ type: "title", content: [{ type: "text", text: "Forty charts" }] }];
  for (let i = 0; i < CHARTS; i++) {
    content.push({ type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: `Chart ${i}` }] });
    content.push({ type: "metricChart", attrs: { runs, keys: ["loss"], title: `loss ${i}` } });
  }
  const { provider, doc } = await openNotebookDoc(notebookId, key);
  try {
    const fragment = doc.getXmlFragment(EDITOR_FRAGMENT);
    doc.transact(() => fragment.delete(0, fragment.length));
    prosemirrorJSONToYXmlFragment(editorSchema(), { type: "doc", content }, fragment);
    await expect.poll(async () => JSON.stringify(await (await api.get(`/api/v1/notebooks/${notebookId}/content`)).json()), { timeout: 10_000 }).toContain(`loss ${CHARTS - 1}`);
  } finally {
    provider.destroy();
    doc.destroy();
  }
});

test.afterAll(async () => api?.dispose());

test("a page of forty live charts draws only those near the screen, and the rest as they are scrolled to", async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto(`/${project}/notebooks/${notebookId}`);
  const blocks = page.getByTestId("metric-chart-block");
  await expect(blocks).toHaveCount(CHARTS);
  const plots = page.locator('[data-testid="metric-chart-block"] .js-plotly-plot');
  await expect(plots.first()).toBeVisible({ timeout: 30_000 });
  // Off-screen blocks fetch and draw nothing yet.
  await page.waitForTimeout(1_000);
  const drawnAtFirst = await plots.count();
  expect(drawnAtFirst).toBeGreaterThan(0);
  expect(drawnAtFirst).toBeLessThan(10);

  // The last chart draws once scrolled to; the page never made a WebGL context.
  await blocks.last().scrollIntoViewIfNeeded();
  await expect(blocks.last().locator(".js-plotly-plot .main-svg").first()).toBeVisible({ timeout: 30_000 });
  expect(await plots.count()).toBeLessThan(CHARTS);
  expect(await page.evaluate(() => document.querySelectorAll("canvas").length)).toBe(0);
  // Typing stays possible while charts load.
  await page.locator(".ProseMirror h2").last().click();
  await page.keyboard.press("End");
  await page.keyboard.type(" (final)");
  await expect(page.locator(".ProseMirror h2").last()).toHaveText(`Chart ${CHARTS - 1} (final)`);
});
