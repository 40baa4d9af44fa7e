import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import { expect, request, test, type APIRequestContext } from "@playwright/test";
import type { JSONContent } from "@tiptap/core";
import { prosemirrorJSONToYXmlFragment } from "@tiptap/y-tiptap";
import { editorSchema } from "@/lib/editor/schema";
import { EDITOR_FRAGMENT } from "@/lib/editor/schema-version";
import { openNotebookDoc } from "./support/notebook-doc";
import { owner, ownerStorageState } from "./support/owner";
import { createRun, e2eUrl, logSeries } from "./support/tracking";

const stamp = Date.now();
const projectSlug = `export-${stamp}`;
const project = `${owner.workspace}/${projectSlug}`;
const title = `Schedule study ${stamp}`;
const sentence = `Cosine annealing beat the step schedule in run ${stamp}.`;
const decisionTitle = `Adopt cosine LR ${stamp}`;

let key = "";
let api: APIRequestContext;
let runId = "";
let notebookId = "";

const text = (value: string, ...marks: { type: string; attrs?: Record<string, unknown> }[]): JSONContent => ({ type: "text", text: value, ...(marks.length > 0 && { marks }) });

/** Writes `json` as the notebook's page through the collaboration server, with the stock y-websocket client as a script would. */
async function writePage(json: JSONContent): Promise<void> {
  const { provider, doc } = await openNotebookDoc(notebookId, key);
  try {
    prosemirrorJSONToYXmlFragment(editorSchema(), json, doc.getXmlFragment(EDITOR_FRAGMENT));
    // Stored within the server's batch window; the page the API reads must show it.
    await expect
      .poll(async () => JSON.stringify(await (await api.get(`/api/v1/notebooks/${notebookId}/content`)).json()), { timeout: 10_000 })
      .toContain(decisionTitle);
  } finally {
    provider.destroy();
    doc.destroy();
  }
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  const baseURL = e2eUrl();
  const session = await request.newContext({ baseURL, storageState: ownerStorageState, extraHTTPHeaders: { origin: baseURL } });
  try {
    const keyed = await session.post("/api/v1/api-keys", { data: { name: `e2e export ${stamp}` } });
    expect(keyed.status(), await keyed.text()).toBe(201);
    key = ((await keyed.json()) as { key: string }).key;
  } finally {
    await session.dispose();
  }
  api = await request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${key}` } });
  runId = await createRun(api, { project, name: `cosine-${stamp}` });
  await logSeries(api, runId, [{ key: "loss", steps: [0, 1, 2, 3, 4, 5], values: [2.4, 1.9, 1.2, 0.9, 0.7, 0.6] }]);
  const notebook = await api.post("/api/v1/notebooks", { data: { project, title } });
  expect(notebook.status(), await notebook.text()).toBe(201);
  notebookId = ((await notebook.json()) as { id: string }).id;

  await writePage({
    type: "doc",
    content: [
      { type: "title", content: [text(title)] },
      { type: "paragraph", content: [text(sentence), text(" Loss "), { type: "inlineMath", attrs: { latex: "\\mathcal{L} = 0.6" } }, text("."), text(" Important", { type: "bold" })] },
      {
        type: "decision",
        attrs: { decisionId: randomUUID(), title: decisionTitle, status: "accepted", context: "Loss plateaus after warmup.", decision: "Use cosine annealing.", rationale: "Lower final loss.", date: "2026-11-27", runs: [runId] },
      },
      { type: "metricChart", attrs: { runs: [runId], keys: ["loss"], title: "Training loss" } },
      // Frozen before any of the run's points were logged: it must show none of them.
      { type: "metricChart", attrs: { runs: [runId], keys: ["loss"], title: "Frozen loss", mode: "frozen", frozenAt: "2020-01-01T00:00:00.000Z" } },
      { type: "callout", attrs: { tone: "warning" }, content: [{ type: "paragraph", content: [text("Seeds were not fixed.")] }] },
    ],
  });
});

test.afterAll(async () => {
  await api?.dispose();
});

test("the print view renders the text, the decision and a static chart, and exports Markdown", async ({ page }) => {
  await page.goto(`/${project}/notebooks/${notebookId}/print`);
  const document = page.getByTestId("print-document");
  await expect(document.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(document).toContainText(sentence);
  await expect(document.locator(".katex").first()).toBeVisible();

  const decision = page.getByTestId("print-decision");
  await expect(decision).toContainText(decisionTitle);
  await expect(decision).toContainText("accepted");
  await expect(decision).toContainText("Use cosine annealing.");
  await expect(decision.getByRole("link", { name: `cosine-${stamp}` })).toHaveAttribute("href", new RegExp(`/runs/${runId}$`));

  // Drawn once by Plotly, static: an SVG plot with one curve and no mode bar.
  const live = page.getByTestId("print-chart").filter({ hasText: "Training loss" });
  const panel = live.getByTestId("print-chart-panel");
  await expect(panel).toHaveAttribute("data-state", "drawn");
  await expect(panel.locator(".main-svg").first()).toBeVisible();
  await expect(panel.locator(".scatterlayer .trace")).toHaveCount(1);
  await expect(panel.locator(".modebar")).toHaveCount(0);
  const frozen = page.getByTestId("print-chart").filter({ hasText: "Frozen loss" });
  await expect(frozen).toContainText("Frozen at 2020-01-01 00:00:00 UTC");
  await expect(frozen.getByTestId("print-chart-panel")).toHaveAttribute("data-state", "empty");
  await expect(frozen).toContainText("no points logged before the chart was frozen");
  await expect(document.locator('[data-tone="warning"]')).toContainText("Seeds were not fixed.");

  await page.screenshot({ path: test.info().outputPath("print-view.png"), fullPage: true });

  // Printing hides the view's own controls and the app header.
  await page.emulateMedia({ media: "print" });
  await expect(page.getByTestId("print-button")).toBeHidden();
  await expect(page.locator("header").first()).toBeHidden();
  await page.emulateMedia({ media: "screen" });
  await expect(page.getByTestId("print-button")).toBeVisible();

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export Markdown" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`schedule-study-${stamp}.md`);
  const markdown = await fs.readFile((await download.path()) ?? "", "utf8");
  expect(markdown).toContain(`# ${title}\n`);
  expect(markdown).toContain(`${sentence} Loss $\\mathcal{L} = 0.6$. **Important**`);
  expect(markdown).toContain(`### Decision: ${decisionTitle} (Accepted)`);
  expect(markdown).toContain("**Decision:** Use cosine annealing.");
  expect(markdown).toMatch(new RegExp(`\\*\\*Linked runs:\\*\\* \\[cosine-${stamp}\\]\\(http[^)]+/${projectSlug}/runs/${runId}\\)`));
  expect(markdown).toContain(`| loss | [cosine-${stamp}]`);
  expect(markdown).toContain("> **Warning:** Seeds were not fixed.");
  expect(markdown).toContain("_Frozen at 2020-01-01T00:00:00.000Z: the summary counts only points logged up to that time.");
  expect(markdown).toMatch(new RegExp(`\\*\\*Chart: Frozen loss\\*\\*[^]*\\| loss \\| \\[cosine-${stamp}\\]\\([^)]+\\) \\| no data \\|`));
});

test("the API answers the same Markdown to a member and refuses anonymous callers", async () => {
  const res = await api.get(`/api/v1/notebooks/${notebookId}/export.md`);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("text/markdown; charset=utf-8");
  expect(await res.text()).toContain(sentence);
  // The runner would hand new contexts the owner's session; this one must carry none.
  const anonymous = await request.newContext({ baseURL: e2eUrl(), storageState: { cookies: [], origins: [] } });
  try {
    expect((await anonymous.get(`/api/v1/notebooks/${notebookId}/export.md`)).status()).toBe(401);
  } finally {
    await anonymous.dispose();
  }
});
